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
// It plans as Create does for a tailored request (TailorPlan); when Create
// learns another way to tailor (a model-written plan), this follows it.
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
	return TailorPlan(s.bank, req.JobDescription, req.Resume, req)
}
