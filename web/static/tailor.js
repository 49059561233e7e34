// mockinterview: "Tailor to a job" on the candidate's page (docs/tailoring.md).
// Plain JavaScript, no build step. It adds to the start form a job posting
// and a résumé, pasted or uploaded (.txt, .pdf, .docx: POST /api/v1/extract
// gives their text, shown here to check and edit), a plan preview (POST
// /api/v1/plan) and, at the end, the job-fit panel. app.js calls it through
// window.mockinterviewTailor: request() adds the fields to the session
// request, renderJobFit() draws the panel in a summary.
"use strict";

(function () {
  const LIMITS = { job_description: 16 * 1024, resume: 32 * 1024 };
  const ACCEPT = ".txt,.pdf,.docx,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  const encoder = new TextEncoder();
  const $ = (id) => document.getElementById(id);

  const el = window.mockinterviewDOM.el; // dom.js

  const call = window.mockinterviewDOM.api; // dom.js

  const fmt = (n) => n.toLocaleString("en");

  // ---------- the form's "Tailor to a job" area ----------

  const state = { preview: null, previewKey: "" };

  // textField is a pasted-or-uploaded text: a textarea, a file input and
  // a status line saying where the text came from and how long it is.
  function textField(field, label, hint, rows) {
    const id = field === "job_description" ? "jd" : "resume";
    const area = el("textarea", { id, name: field, rows: String(rows), spellcheck: "true",
      "aria-describedby": id + "-hint " + id + "-status " + id + "-count" });
    const file = el("input", { type: "file", id: id + "-file", accept: ACCEPT, "aria-describedby": id + "-hint" });
    const status = el("p", { id: id + "-status", class: "status tailor-status", "aria-live": "polite" });
    const count = el("p", { id: id + "-count", class: "hint tailor-count" });
    const wrap = el("div", { class: "tailor-text" },
      el("label", { for: id }, label),
      el("p", { id: id + "-hint", class: "hint" }, hint),
      area,
      el("div", { class: "tailor-upload" }, el("label", { for: id + "-file" }, "Or upload a file (.txt, .pdf, .docx, up to 2 MB)"), file),
      status, count);
    const update = () => {
      const bytes = encoder.encode(area.value).length;
      count.textContent = bytes ? fmt(bytes) + " of " + fmt(LIMITS[field]) + " bytes" : "";
      count.classList.toggle("over", bytes > LIMITS[field]);
      area.removeAttribute("aria-invalid");
      stalePreview();
    };
    area.addEventListener("input", update);
    file.addEventListener("change", async () => {
      const f = file.files && file.files[0];
      if (!f) return;
      status.classList.remove("tailor-error");
      status.textContent = "Reading " + f.name + "…";
      const form = new FormData();
      form.append("field", field);
      form.append("file", f, f.name);
      try {
        const got = await call("POST", "/api/v1/extract", form, true);
        area.value = got.text;
        update();
        status.textContent = "Read " + fmt(got.chars) + " characters from " + f.name + " (" + got.source_type.toUpperCase() + ")" +
          (got.truncated ? "; the text was longer than " + fmt(got.limit) + " bytes and was cut at the end" : "") +
          ". Check and edit the text above before you start.";
      } catch (e) {
        status.classList.add("tailor-error");
        status.textContent = "Could not read " + f.name + ": " + e.message;
      } finally {
        file.value = "";
      }
    });
    return { wrap, area, update };
  }

  let jd = null, resume = null, box = null;

  function build() {
    const form = $("setup-form");
    if (!form || $("tailor")) return;
    jd = textField("job_description", "Job posting",
      "Paste the posting you are preparing for; the questions are drawn from it, and with a posting the role is optional.", 8);
    resume = textField("resume", "Your résumé (optional)",
      "Some questions then ask about what it says you did. Both are kept with the interview, shown to you and your coach, and deleted with it.", 6);
    const previewButton = el("button", { type: "button", id: "preview-plan" }, "Preview plan");
    previewButton.addEventListener("click", preview);
    box = el("section", { id: "plan-preview", class: "plan-preview", hidden: true, "aria-labelledby": "plan-preview-title" });
    const section = el("fieldset", { class: "field tailor", id: "tailor" },
      el("legend", {}, "Tailor to a job"),
      jd.wrap, resume.wrap,
      el("div", { class: "actions" }, previewButton),
      el("p", { id: "tailor-error", class: "error", role: "alert" }),
      box);
    // Before the form's error line and submit button; else at its end.
    const anchor = $("setup-error");
    if (anchor && anchor.parentNode === form) form.insertBefore(section, anchor);
    else form.append(section);
  }

  // formRequest is the session request the form would send.
  function formRequest() {
    const form = $("setup-form");
    const data = new FormData(form);
    const body = {};
    const role = data.get("role");
    if (role) body.role = role;
    const cats = data.getAll("categories");
    if (cats.length) body.categories = cats;
    const count = parseInt(data.get("count"), 10);
    if (count) body.count = count;
    const mode = data.get("mode");
    if (mode) body.mode = mode;
    Object.assign(body, fields());
    return body;
  }

  function fields() {
    const out = {};
    if (jd && jd.area.value.trim()) out.job_description = jd.area.value;
    if (resume && resume.area.value.trim()) out.resume = resume.area.value;
    return out;
  }

  // keyOf identifies a request, empty fields and the seed left out.
  function keyOf(body) {
    const b = {};
    for (const k of Object.keys(body).sort()) {
      const v = body[k];
      if (k === "seed" || v === undefined || v === null || v === "" || v === 0 || (Array.isArray(v) && !v.length)) continue;
      b[k] = v;
    }
    return JSON.stringify(b);
  }

  function stalePreview() {
    if (!box || box.hidden) return;
    if (keyOf(formRequest()) !== state.previewKey) {
      box.hidden = true;
      state.preview = null;
    }
  }

  async function preview() {
    const err = $("tailor-error");
    err.textContent = "";
    const body = formRequest();
    if (!body.job_description) {
      err.textContent = "Paste or upload a job posting first.";
      jd.area.setAttribute("aria-invalid", "true");
      jd.area.focus();
      return;
    }
    const button = $("preview-plan");
    button.disabled = true;
    try {
      const plan = await call("POST", "/api/v1/plan", body);
      state.preview = plan;
      state.previewKey = keyOf(body);
      renderPreview(plan);
    } catch (e) {
      showFieldError(e.field, e.message);
      if (!["job_description", "resume"].includes(e.field)) err.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  }

  function renderPreview(plan) {
    box.replaceChildren();
    box.append(el("h2", { id: "plan-preview-title", tabindex: "-1" }, "Your interview: " + plan.count + " questions"),
      el("p", { class: "hint" }, "Closest role: " + (plan.role_name || plan.role) + ". Posting terms: " + plan.jd_terms.join(", ") + "."));
    const list = el("ol", { id: "plan-questions", class: "plan-questions" });
    for (const q of plan.questions) {
      const source = q.source === "generated" ? "from your résumé" : q.source === "llm" ? "written for this posting" : "from the question bank";
      list.append(el("li", { class: "plan-question", "data-source": q.source },
        el("p", { class: "plan-q" }, el("span", { class: "badge" }, q.category), " ", q.question),
        q.targets && q.targets.length ? el("p", { class: "hint plan-targets" }, "Probes: " + q.targets.join("; ")) : null,
        el("p", { class: "hint plan-source" }, cap(source))));
    }
    const start = el("button", { type: "button", id: "start-tailored", class: "primary" }, "Start this interview");
    start.addEventListener("click", () => $("setup-form").requestSubmit());
    box.append(list, el("p", {}, start));
    box.hidden = false;
    $("plan-preview-title").focus();
  }

  function cap(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : ""; }

  // showFieldError marks the posting or résumé the server refused.
  function showFieldError(field, message) {
    const f = field === "job_description" ? jd : field === "resume" ? resume : null;
    if (!f) return false;
    f.area.setAttribute("aria-invalid", "true");
    $("tailor-error").textContent = message;
    f.area.focus();
    return true;
  }

  // ---------- the job-fit panel of a summary ----------

  // renderJobFit adds the job-fit panel to a summary container: each
  // posting term covered (its evidence quote links to the turn) or never
  // addressed. Nothing for a session without a posting.
  function renderJobFit(container, summary) {
    const fit = summary && summary.job_fit;
    if (!fit || !fit.length) return;
    const covered = fit.filter((t) => t.covered).length;
    const idBase = (container.id || "summary") + "-jobfit";
    const panel = el("section", { class: "jobfit", id: idBase, "aria-labelledby": idBase + "-title" },
      el("h3", { id: idBase + "-title" }, "Job fit"),
      el("p", { class: "jobfit-count" }, covered + " of " + fit.length + " posting terms covered by your answers."));
    const list = el("ul", { class: "jobfit-terms" });
    for (const t of fit) {
      const li = el("li", { class: "jobfit-term " + (t.covered ? "covered" : "missing"), "data-term": t.term },
        el("strong", { class: "term" }, t.term), " ");
      if (t.covered) {
        const link = el("a", { href: "#turn-" + t.turn, class: "jobfit-turn" }, "question " + t.turn);
        link.addEventListener("click", (ev) => {
          // The page's router owns the hash: scroll to the turn instead.
          ev.preventDefault();
          const view = container.closest(".view") || document;
          const turn = view.querySelector("#turn-" + t.turn);
          if (turn) { turn.scrollIntoView({ block: "start" }); turn.setAttribute("tabindex", "-1"); turn.focus({ preventScroll: true }); }
        });
        li.append(el("span", { class: "status-word" }, "covered"), " in ", link);
        if (t.evidence) li.append(": ", el("q", { class: "evidence" }, t.evidence.text));
      } else {
        li.append(el("span", { class: "status-word" }, "never addressed"));
      }
      list.append(li);
    }
    panel.append(list);
    // Before the summary's closing links when there are any.
    const links = container.querySelector("p:last-child");
    if (links && links.querySelector("a")) container.insertBefore(panel, links);
    else container.append(panel);
  }

  // renderPosting shows, after node, the posting and résumé a session's
  // plan was made from (folded); it replaces what it showed before.
  function renderPosting(node, plan) {
    const old = node.parentNode && node.parentNode.querySelector(".tailor-source");
    if (old) old.remove();
    if (!plan || !plan.job_description) return;
    const d = el("details", { class: "tailor-source" },
      el("summary", {}, "The job posting" + (plan.resume ? " and résumé" : "") + " the questions were drawn from"),
      el("h3", {}, "Job posting"), el("pre", { class: "posting" }, plan.job_description));
    if (plan.resume) d.append(el("h3", {}, "Résumé"), el("pre", { class: "resume" }, plan.resume));
    node.after(d);
  }

  window.mockinterviewTailor = {
    hasPosting: () => !!(jd && jd.area.value.trim()),
    // request is what the session request gets from the tailoring area:
    // the posting and résumé and, when the plan was previewed for exactly
    // this request, its seed, so that the interview is the one previewed.
    request(body) {
      const out = fields();
      if (state.preview && body && keyOf({ ...body, ...out }) === state.previewKey) out.seed = state.preview.seed;
      return out;
    },
    showFieldError,
    renderJobFit,
    renderPosting,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
