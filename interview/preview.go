package interview

import (
	"context"
	"strings"
)

// PreviewPlan is the plan a job posting (and a résumé) would get, without
// creating a session: what POST /api/v1/plan and the page's "Preview plan"
// show. Given the seed it returns, Create with the same request plans the
// same questions. A request without a posting is a validation error on
// job_description: an ordinary plan has nothing to preview.
//
// It plans as Create does for a tailored request (Service.tailor): with a
// plan writer the model writes the questions, and its cached reply makes
// the session that follows ask the same ones.
func (s *Service) PreviewPlan(ctx context.Context, req PlanRequest) (TailoredPlan, error) {
	if s.isClosed() {
		return TailoredPlan{}, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return TailoredPlan{}, err
	}
	if strings.TrimSpace(req.JobDescription) == "" && strings.TrimSpace(req.Resume) == "" {
		return TailoredPlan{}, invalid("job_description", "a plan preview needs a job_description (the posting's text)")
	}
	return s.tailor(ctx, req)
}

// tailor plans a session for a job posting: the model's plan when a plan
// writer is configured, the offline one otherwise.
func (s *Service) tailor(ctx context.Context, req PlanRequest) (TailoredPlan, error) {
	if s.cfg.planWriter != nil {
		return s.cfg.planWriter.Plan(ctx, s.bank, req.JobDescription, req.Resume, req)
	}
	return TailorPlan(s.bank, req.JobDescription, req.Resume, req)
}
