// mockinterview candidate page: plain JavaScript, no build step, no
// external code. It speaks the websocket protocol of docs/protocol.md:
// every server message has a seq; the page renders each seq once, in
// order, and on a dropped connection resumes with the last seq it rendered.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const MAX_ANSWER_BYTES = 16 * 1024;
  const DRAFT_DELAY_MS = 1000;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const voice = window.mockinterviewVoice || null; // voice.js
  const tailor = window.mockinterviewTailor || null; // tailor.js: job posting, résumé, job fit
  const summaryUI = window.mockinterviewSummary || null; // summary.js: verdict, practise, model answers, retry, attempts
  const setupUI = window.mockinterviewSetup || null; // setup.js: difficulty, estimate, count check, send hint
  const coaching = window.mockinterviewCoaching || null; // coaching.js: the coaches' comments and scores

  // ---------- small helpers ----------

  const el = window.mockinterviewDOM.el; // dom.js

  function show(node, on) { node.hidden = !on; }

  const api = window.mockinterviewDOM.api; // dom.js

  function pageError(message) { $("page-error").textContent = message || ""; }

  function cap(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : ""; }

  function fmtDate(iso) {
    try { return new Date(iso).toLocaleString(); } catch (e) { return iso; }
  }

  // byteSlicer converts the UTF-8 byte offsets of score spans into string
  // positions: spans count bytes of the answer as UTF-8, JavaScript strings
  // count UTF-16 code units.
  function byteSlicer(text) {
    const bytes = encoder.encode(text);
    const cache = new Map();
    return {
      length: bytes.length,
      index(offset) {
        offset = Math.max(0, Math.min(offset, bytes.length));
        if (!cache.has(offset)) cache.set(offset, decoder.decode(bytes.subarray(0, offset)).length);
        return cache.get(offset);
      },
    };
  }

  // renderAnswer draws the answer with its STAR sentences as <mark> (one per
  // labelled sentence, data-label the part) and talking-point evidence
  // underlined inside them.
  function renderAnswer(text, result) {
    const p = el("p", { class: "answer-text" });
    if (!result) { p.textContent = text; return p; }
    const bs = byteSlicer(text);
    const sentences = ((result.star && result.star.sentences) || [])
      .filter((s) => s.label && s.label !== "other" && s.end > s.start)
      .sort((a, b) => a.start - b.start);
    const evidence = [];
    for (const point of (result.coverage && result.coverage.points) || []) {
      for (const ev of point.evidence || []) {
        if (ev.end > ev.start) evidence.push({ start: ev.start, end: ev.end, label: point.label });
      }
    }
    const cuts = new Set([0, bs.length]);
    for (const s of sentences) { cuts.add(s.start); cuts.add(s.end); }
    for (const e of evidence) { cuts.add(e.start); cuts.add(e.end); }
    const points = [...cuts].filter((c) => c >= 0 && c <= bs.length).sort((a, b) => a - b);
    let current = null; // {sentence, node}
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(bs.index(a), bs.index(b));
      if (!piece) continue;
      const sentence = sentences.find((s) => s.start <= a && b <= s.end) || null;
      const evs = evidence.filter((e) => e.start <= a && b <= e.end);
      let node = document.createTextNode(piece);
      if (evs.length) {
        node = el("span", { class: "evidence", title: "Talking point: " + evs.map((e) => e.label).join(", ") }, node);
      }
      if (sentence) {
        if (!current || current.sentence !== sentence) {
          current = { sentence, node: el("mark", { class: "star-" + sentence.label, "data-label": sentence.label, "data-start": sentence.start, "data-end": sentence.end }) };
          p.append(current.node);
        }
        current.node.append(node);
      } else {
        current = null;
        p.append(node);
      }
    }
    return p;
  }

  // renderAnswerPart draws the part [from, to) (UTF-8 bytes) of a turn's
  // full answer with the spans of result (which index the full answer)
  // that fall inside it: the main answer, or one follow-up's answer, each
  // shown once.
  function renderAnswerPart(full, result, from, to) {
    const bs = byteSlicer(full);
    const text = full.slice(bs.index(from), bs.index(to));
    if (!result) return renderAnswer(text, null);
    const clip = (x) => (x.end > from && x.start < to ? { ...x, start: Math.max(x.start, from) - from, end: Math.min(x.end, to) - from } : null);
    const star = result.star || {};
    const shifted = {
      ...result,
      star: { ...star, sentences: (star.sentences || []).map(clip).filter(Boolean) },
      coverage: { ...(result.coverage || {}), points: ((result.coverage && result.coverage.points) || []).map((p) => ({ ...p, evidence: (p.evidence || []).map(clip).filter(Boolean) })) },
    };
    return renderAnswer(text, shifted);
  }

  // answerParts splits a turn's full answer into its attempts' byte ranges:
  // the main answer, then each follow-up answer after a blank line.
  function answerParts(mainText, followUpTexts) {
    const len = (x) => encoder.encode(x).length;
    const parts = [{ from: 0, to: len(mainText) }];
    let at = len(mainText);
    for (const f of followUpTexts) {
      at += 2; // "\n\n"
      parts.push({ from: at, to: at + len(f) });
      at += len(f);
    }
    return parts;
  }

  // scoreChange is the line "First answer 2 → after follow-up 72".
  function scoreChange(initial, final) {
    const d = final - initial;
    return el("p", { class: "score-change", "data-initial": initial, "data-final": final },
      el("span", { class: "first" }, "First answer " + initial), " → ",
      el("span", { class: "after" }, "after follow-up " + final),
      el("span", { class: "muted" }, " (" + (d > 0 ? "+" + d : d === 0 ? "no change" : String(d)) + ")"));
  }

  function renderScore(result) {
    const box = el("div", { class: "score" });
    box.append(el("h3", { text: "Score" }));
    box.append(el("div", { class: "score-head" },
      el("span", { class: "overall", text: result.overall + "/100" }),
      el("span", { class: "band", text: "band " + result.band + " of 5" })));
    const star = result.star || {};
    // STAR is asked of stories only: a technical or situational answer, or
    // an introduction, is not shown parts "missing" that it never needed.
    if ((result.kind || result.category) === "behavioral") {
      box.append(el("h3", { text: "STAR structure" }));
      const ul = el("ul", { class: "star-parts" });
      for (const part of ["situation", "task", "action", "result"]) {
        const c = star[part] || {};
        ul.append(el("li", { class: c.present ? "present swatch star-" + part : "missing" },
          cap(part) + (c.present ? " ✓" : " — missing")));
      }
      box.append(ul);
    }
    const points = (result.coverage && result.coverage.points) || [];
    if (points.length) {
      box.append(el("h3", { text: "Talking points" }));
      const ul = el("ul", { class: "points" });
      for (const p of points) {
        const status = p.contradicted ? "rejected" : p.status;
        ul.append(el("li", { class: p.contradicted ? "missing contradicted" : p.status }, p.label + ": " + status));
      }
      box.append(ul);
    }
    box.append(el("p", { class: "legend" }, "Highlights: ",
      el("span", { class: "swatch star-situation" }, "situation"), " ",
      el("span", { class: "swatch star-task" }, "task"), " ",
      el("span", { class: "swatch star-action" }, "action"), " ",
      el("span", { class: "swatch star-result" }, "result"), "; ",
      el("span", { class: "evidence" }, "underlined"), " = talking point evidence."));
    const d = result.delivery;
    if (d && (d.filler_count || d.repeat_count || d.hedge_count)) {
      box.append(el("p", { class: "delivery" }, "Delivery: " + d.filler_count + " filler" + (d.filler_count === 1 ? "" : "s") +
        " (" + d.filler_rate.toFixed(1) + " per 100 words), " + d.hedge_count + " hedge" + (d.hedge_count === 1 ? "" : "s") +
        ", " + d.repeat_count + " restart" + (d.repeat_count === 1 ? "" : "s") + "."));
    }
    const fb = result.feedback || {};
    const feedback = el("div", { class: "feedback" });
    feedback.append(el("h3", { text: "Feedback" }));
    if (fb.summary) feedback.append(el("p", { class: "feedback-summary", text: fb.summary }));
    if ((fb.strengths || []).length) {
      feedback.append(el("h4", { text: "Strengths" }), el("ul", { class: "strengths" }, ...fb.strengths.map((s) => el("li", { text: s }))));
    }
    if ((fb.improvements || []).length) {
      feedback.append(el("h4", { text: "To improve" }), el("ul", { class: "improvements" }, ...fb.improvements.map((s) => el("li", { text: s }))));
    }
    box.append(feedback);
    // Spoken answers carry the recording's delivery (pace, pauses); a typed
    // answer's delivery is the text's fillers and hedges, shown above.
    if (d && voice && typeof d.words_per_minute === "number") box.append(voice.renderDelivery(d));
    return box;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function renderSummary(container, summary, titleId, session) {
    container.replaceChildren();
    container.append(el("h2", { id: titleId, tabindex: "-1", text: "Interview finished" }));
    const dl = el("dl");
    const row = (k, v) => dl.append(el("dt", { text: k }), el("dd", { text: v }));
    row("Average score", summary.scored ? summary.average + "/100" : "not scored");
    if (summary.scored && typeof summary.initial_average === "number" && summary.initial_average !== summary.average) row("First answers", summary.initial_average + "/100, before follow-ups"); // flow: the first attempts stay
    row("Answered", summary.answered + " of " + summary.total);
    if (summary.skipped) row("Skipped", String(summary.skipped));
    if (summary.overtime) row("Over time", String(summary.overtime));
    for (const c of summary.categories || []) {
      if (c.scored) row(cap(c.category), c.average + "/100 over " + plural(c.scored, "answer"));
    }
    if (summary.star && summary.star.answers) {
      const s = summary.star;
      row("STAR strength", `situation ${pct(s.situation)}, task ${pct(s.task)}, action ${pct(s.action)}, result ${pct(s.result)}`);
    }
    if (summary.best) row("Best answer", "question " + summary.best.turn + " (" + summary.best.overall + ")");
    if (summary.weakest && summary.scored > 1) row("Weakest answer", "question " + summary.weakest.turn + " (" + summary.weakest.overall + ")");
    container.append(dl);
    if (tailor) tailor.renderJobFit(container, summary); // hook: the job-fit panel (tailor.js)
    if (summaryUI) summaryUI.render(container, summary, session); // hook: verdict, practise, model answers, retry (summary.js)
    container.append(el("p", {}, el("a", { href: "#/" }, "Start another interview"), " · ",
      el("a", { href: "#/history" }, "Past interviews")));
    show(container, true);
  }

  function pct(x) { return Math.round((x || 0) * 100) + "%"; }

  // ---------- turns (shared by the live view and the transcript) ----------

  // TurnView is the DOM of one turn, one attempt after the other: the
  // question, the main answer with its feedback (the first score), then
  // each follow-up below it with its answer and the score after it.
  function TurnView(parent, turn, total) {
    const id = "turn-" + turn;
    this.turn = turn;
    this.root = el("section", { class: "turn", id, "aria-labelledby": id + "-title" });
    this.title = el("h2", { id: id + "-title" }, "Question " + turn + (total ? " of " + total : ""));
    this.category = el("span", { class: "badge" });
    this.title.append(" ", this.category);
    this.question = el("p", { class: "question", "aria-live": "polite" });
    this.answerBox = el("div", { class: "answer-box", hidden: true });
    this.answerTitle = el("h3", { text: "Your answer" });
    this.answer = el("p", { class: "answer-text" });
    this.ack = el("p", { class: "ack", "aria-live": "polite" });
    this.answerBox.append(this.answerTitle, this.answer, this.ack);
    this.stream = el("p", { class: "feedback-stream", "aria-live": "polite" });
    this.scoreBox = el("div", { class: "score-box attempt-0" });
    this.followups = el("div", { class: "followups" });
    this.root.append(this.title, this.question, this.answerBox, this.stream, this.scoreBox, this.followups);
    parent.append(this.root);
    this.answerText = ""; // the main answer
    this.followupViews = [];
    this.answered = []; // follow-up answers acknowledged, in order
    this.initial = null; // the first answer's score result
  }
  TurnView.prototype.setCategory = function (c) { this.category.textContent = c || ""; };
  TurnView.prototype.setAnswer = function (text, result) {
    this.answerText = text;
    this.answerBox.hidden = false;
    this.answer.replaceWith(this.answer = renderAnswerPart(text, result, 0, encoder.encode(text).length));
  };
  TurnView.prototype.addFollowUp = function (index, text) {
    if (this.followupViews[index]) return this.followupViews[index];
    const box = el("div", { class: "followup", "data-index": index },
      el("p", { class: "prompt" }, "Follow-up: ", text));
    const answer = el("p", { class: "answer-text", hidden: true });
    const ack = el("p", { class: "ack", "aria-live": "polite" });
    const stream = el("p", { class: "feedback-stream", "aria-live": "polite" });
    const scoreBox = el("div", { class: "score-box attempt-" + index });
    box.append(answer, ack, stream, scoreBox);
    this.followups.append(box);
    this.followupViews[index] = { box, answer, ack, stream, scoreBox, text, answerText: "" };
    return this.followupViews[index];
  };
  // setFollowUpAnswer shows follow-up index's answer, once, in its box.
  TurnView.prototype.setFollowUpAnswer = function (index, text, skipped) {
    const fv = this.followupViews[index] || this.addFollowUp(index, "");
    fv.answer.hidden = false;
    fv.answerText = skipped ? "" : text;
    fv.answer.replaceWith(fv.answer = el("p", { class: "answer-text" }, skipped ? "(skipped)" : text));
    if (!skipped && !this.answered.includes(index)) this.answered.push(index);
  };
  // streamFor is where the feedback of the attempt being scored streams.
  TurnView.prototype.streamFor = function () {
    const k = this.answered.length;
    return k && this.followupViews[this.answered[k - 1]] ? this.followupViews[this.answered[k - 1]].stream : this.stream;
  };
  // setScore shows a score of the turn: the first answer's until a
  // follow-up answer is in, then the score after that follow-up, with the
  // change from the first answer.
  TurnView.prototype.setScore = function (result) { this.setAttemptScore(this.answered.length, result); };
  // setAttemptScore shows the score of the turn with its first k follow-up
  // answers (k = 0: the first answer alone).
  TurnView.prototype.setAttemptScore = function (k, result) {
    if (!k) {
      this.initial = result;
      this.stream.textContent = "";
      this.scoreBox.replaceChildren(renderScore(result));
      this.setAnswer(this.answerText, result);
      return;
    }
    const index = this.answered[k - 1];
    const fv = this.followupViews[index];
    if (!fv) return;
    fv.stream.textContent = "";
    const head = el("h3", { class: "after-followup", text: "After the follow-up" });
    fv.scoreBox.replaceChildren(head, this.initial ? scoreChange(this.initial.overall, result.overall) : "", renderScore(result));
    // The follow-up answers' highlights come from this score; the main
    // answer keeps the first score's.
    const texts = this.answered.slice(0, k).map((i) => this.followupViews[i].answerText);
    const parts = answerParts(this.answerText, texts);
    const full = [this.answerText, ...texts].join("\n\n");
    this.answered.slice(0, k).forEach((i, j) => {
      const v = this.followupViews[i];
      v.answer.replaceWith(v.answer = renderAnswerPart(full, result, parts[j + 1].from, parts[j + 1].to));
    });
  };

  // ---------- router ----------

  const views = ["setup", "live", "history", "transcript"];
  function showView(name) {
    for (const v of views) show($("view-" + v), v === name);
    pageError("");
  }

  function route() {
    const hash = location.hash || "#/";
    let m;
    if ((m = hash.match(/^#\/live\/([A-Za-z0-9_-]+)$/))) openLive(m[1], false);
    else if ((m = hash.match(/^#\/sessions\/([A-Za-z0-9_-]+)$/))) openTranscript(m[1]);
    else if (hash === "#/history") openHistory();
    else openSetup();
  }

  function focusHeading(id) {
    const h = $(id);
    if (h) h.focus({ preventScroll: false });
  }

  // ---------- setup ----------

  let rolesLoaded = false;
  async function openSetup() {
    live.close();
    showView("setup");
    focusHeading("setup-title");
    if (rolesLoaded) return;
    const select = $("role");
    try {
      const data = await api("GET", "/api/v1/roles");
      select.replaceChildren(el("option", { value: "" }, "Choose a role"));
      for (const r of data.roles) {
        select.append(el("option", { value: r.id }, r.name + " (" + plural(r.question_count, "question") + ")"));
      }
      select.addEventListener("change", () => {
        const r = data.roles.find((x) => x.id === select.value);
        $("role-hint").textContent = r ? r.description || "" : "";
      });
      rolesLoaded = true;
    } catch (e) {
      select.replaceChildren(el("option", { value: "" }, "Roles unavailable"));
      $("setup-error").textContent = "Could not load the roles: " + e.message;
    }
  }

  $("setup-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    for (const n of form.querySelectorAll("[aria-invalid]")) n.removeAttribute("aria-invalid");
    $("setup-error").textContent = "";
    const role = $("role").value;
    if (!role && !(tailor && tailor.hasPosting())) { // hook: a job posting makes the role optional (tailor.js)
      $("role").setAttribute("aria-invalid", "true");
      $("setup-error").textContent = tailor ? "Choose a role, or paste a job posting." : "Choose a role.";
      $("role").focus();
      return;
    }
    const body = {
      role,
      categories: [...form.querySelectorAll("input[name=categories]:checked")].map((c) => c.value),
      count: parseInt($("count").value, 10) || 0,
      mode: (form.querySelector("input[name=mode]:checked") || {}).value || "practice",
    };
    // The page waits for the candidate's "Next question" after each turn's
    // feedback (docs/protocol.md, Pacing).
    if (body.mode === "practice") body.pace = "candidate";
    if (setupUI) { // hook: difficulty, and the count checked against the role (setup.js)
      Object.assign(body, setupUI.request());
      const bad = setupUI.check(body);
      if (bad) { setupUI.showFieldError(bad.field, bad.message); return; }
    }
    if (tailor) { // hook: the posting, résumé and previewed seed (tailor.js)
      Object.assign(body, tailor.request(body));
      if (!body.role) delete body.role;
    }
    const button = $("start-button");
    button.disabled = true;
    try {
      const created = await api("POST", "/api/v1/sessions", body);
      live.fresh = true;
      location.hash = "#/live/" + created.id;
    } catch (e) {
      $("setup-error").textContent = e.message;
      if (tailor) tailor.showFieldError(e.field, e.message); // hook (tailor.js)
      if (setupUI && setupUI.showFieldError(e.field, e.message)) $("setup-error").textContent = ""; // hook: the message at its field, once (setup.js)
      const field = { role: "role", count: "count", categories: "categories", mode: "mode" }[e.field];
      if (field) {
        $(field).setAttribute("aria-invalid", "true");
        const focusable = $(field).matches("input,select") ? $(field) : $(field).querySelector("input");
        if (focusable) focusable.focus();
      }
    } finally {
      button.disabled = false;
    }
  });

  // ---------- history and transcript ----------

  async function openHistory() {
    live.close();
    showView("history");
    focusHeading("history-title");
    const list = $("history-list");
    list.replaceChildren();
    try {
      const data = await api("GET", "/api/v1/sessions");
      show($("history-empty"), data.sessions.length === 0);
      for (const s of data.sessions) {
        const done = s.state === "finished";
        const link = el("a", { href: done ? "#/sessions/" + s.id : "#/live/" + s.id },
          s.plan.role_name + " · " + plural(s.plan.count, "question") + " · " + s.plan.mode);
        const meta = done
          ? "finished, average " + (s.summary && s.summary.scored ? s.summary.average + "/100" : "not scored")
          : s.state === "created" ? "not started: continue" : "in progress: continue";
        list.append(el("li", {}, link, el("br"), el("span", { class: "muted" }, fmtDate(s.created_at) + " — " + meta),
          done ? null : el("span", {}, " · ", el("a", { href: "#/sessions/" + s.id }, "transcript so far"))));
      }
      if (coaching) coaching.history(list, data.sessions).catch(() => {}); // hook: the coach's scores (coaching.js)
    } catch (e) {
      pageError("Could not load your interviews: " + e.message);
    }
  }

  function planLine(plan) {
    return plan.role_name + " · " + plural(plan.count, "question") + " · " + plan.mode + " mode · " + (plan.categories || []).join(", ") +
      (plan.difficulty ? " · " + plan.difficulty : "");
  }

  async function openTranscript(id) {
    live.close();
    showView("transcript");
    const turns = $("transcript-turns");
    turns.replaceChildren();
    show($("transcript-summary"), false);
    try {
      const tr = await api("GET", "/api/v1/sessions/" + id);
      $("transcript-title").textContent = "Transcript: " + tr.plan.role_name;
      $("transcript-plan").textContent = planLine(tr.plan) + " · " + fmtDate(tr.created_at);
      if (tailor) tailor.renderPosting($("transcript-plan"), tr.plan); // hook: the posting and résumé (tailor.js)
      for (const t of tr.turns) {
        const v = new TurnView(turns, t.turn, tr.plan.count);
        v.setCategory(t.question.category);
        v.question.removeAttribute("aria-live");
        v.question.textContent = t.question.text;
        if (t.skipped) { v.answerBox.hidden = false; v.answer.textContent = "(skipped)"; }
        else if (t.answer) v.setAnswer(mainAnswer(t), null);
        if (t.answer && !t.skipped) {
          v.ack.textContent = "Answered in " + Math.round(t.elapsed_ms / 1000) + " s" + (t.overtime ? " (over time)" : "");
        }
        renderStoredAttempts(v, t);
        if (voice && t.recordings) voice.renderRecordings(v.answerBox, tr.id, t);
      }
      if (coaching) coaching.transcript(turns, tr).catch(() => {}); // hook: comments, coach's scores, export and share (coaching.js)
      if (tr.summary) renderSummary($("transcript-summary"), tr.summary, "transcript-summary-title", tr);
      if (tr.state !== "finished") {
        turns.append(el("p", {}, el("a", { href: "#/live/" + tr.id }, "Continue this interview")));
      }
      focusHeading("transcript-title");
    } catch (e) {
      pageError(e.status === 404 ? "No such interview in your history." : "Could not load the transcript: " + e.message);
    }
  }

  // mainAnswer is the main answer of a stored turn: its answer without the
  // follow-up answers joined after it.
  function mainAnswer(t) {
    let main = t.answer || "";
    const answers = (t.followups || []).filter((f) => f.answered_at && f.answer).map((f) => f.answer);
    for (let i = answers.length - 1; i >= 0; i--) {
      const tail = "\n\n" + answers[i];
      if (main.endsWith(tail)) main = main.slice(0, main.length - tail.length);
    }
    return main;
  }

  // renderStoredAttempts draws a stored turn's follow-ups and scores: the
  // first answer's score (initial_score), then each follow-up with its
  // answer once, and the final score after the last answered one.
  function renderStoredAttempts(v, t) {
    (t.followups || []).forEach((f, i) => {
      v.addFollowUp(i + 1, f.text);
      if (f.skipped) v.setFollowUpAnswer(i + 1, "", true);
      else if (f.answered_at) v.setFollowUpAnswer(i + 1, f.answer || "");
    });
    const k = v.answered.length;
    const initial = t.initial_score || (k ? null : t.score);
    if (initial) v.setAttemptScore(0, t.delivery ? { ...initial, delivery: t.delivery } : initial);
    (t.followups || []).forEach((f, i) => {
      if (f.answered_at && typeof f.overall === "number" && v.answered.indexOf(i + 1) < k - 1) {
        v.followupViews[i + 1].scoreBox.replaceChildren(el("p", { class: "muted" }, "Score after this follow-up: " + f.overall + "/100"));
      }
    });
    // The final score is the follow-up's when its rescore came (overall
    // set); before initial_score existed it always was.
    const last = (t.followups || [])[v.answered[k - 1] - 1];
    if (k && t.score && (!t.initial_score || (last && typeof last.overall === "number"))) v.setAttemptScore(k, t.score);
  }

  // ---------- the live interview ----------

  const live = {
    id: null,
    ws: null,
    lastSeq: 0,
    plan: null,
    turns: new Map(), // turn → TurnView
    awaiting: null, // {turn, followup (0 = main), prompt, limitS, askedAt}
    pending: null, // {turn, followup, text} submitted, not acknowledged
    finished: false,
    retries: 0,
    retryTimer: null,
    sentSinceOpen: 0,
    draftTimer: null,
    lastDraft: "",
    timerTick: null,
    fresh: false,
    announced: {},

    close() {
      this.id = null;
      clearTimeout(this.retryTimer);
      clearTimeout(this.draftTimer);
      clearInterval(this.timerTick);
      if (this.ws) { const ws = this.ws; this.ws = null; ws.onclose = null; ws.close(1000); }
    },
  };

  function setConn(text, offline) {
    const s = $("conn-status");
    s.textContent = text;
    s.classList.toggle("offline", !!offline);
  }

  async function openLive(id) {
    if (live.id === id) return;
    live.close();
    Object.assign(live, { id, lastSeq: 0, plan: null, turns: new Map(), awaiting: null, pending: null, ready: null, finished: false, retries: 0, announced: {} });
    show($("next-panel"), false);
    showView("live");
    $("live-turns").replaceChildren();
    $("live-title").textContent = "Interview";
    $("live-plan").textContent = "";
    $("live-status").textContent = "";
    show($("live-summary"), false);
    show($("answer-form"), false);
    $("answer").value = "";
    focusHeading("live-title");
    connect();
  }

  function wsURL(id) {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    return proto + "//" + location.host + "/api/v1/sessions/" + encodeURIComponent(id) + "/live";
  }

  // transcriptForResume reads the stored session: its state, the draft of
  // the open turn and when its question was asked (for the timer).
  async function transcriptForResume(id) {
    try { return await api("GET", "/api/v1/sessions/" + id); } catch (e) { if (e.status === 404) throw e; return null; }
  }

  async function connect() {
    const id = live.id;
    if (!id) return;
    setConn("Connecting…");
    let tr = null;
    try {
      tr = await transcriptForResume(id);
    } catch (e) {
      pageError("No such interview in your history.");
      setConn("");
      return;
    }
    if (live.id !== id) return;
    live.transcript = tr;
    const ws = new WebSocket(wsURL(id));
    live.ws = ws;
    ws.onopen = () => {
      live.retries = 0;
      live.sentSinceOpen = 0;
      setConn("Connected");
      if (live.lastSeq === 0 && tr && tr.state === "created") send({ type: "start" }, true);
      else send({ type: "resume", last_seq: live.lastSeq }, true);
    };
    ws.onmessage = (ev) => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (typeof msg.seq !== "number" || msg.seq <= live.lastSeq) return; // seen already
      if (msg.seq !== live.lastSeq + 1) { ws.close(4000, "gap"); return; } // resume fills the gap
      live.lastSeq = msg.seq;
      try { handle(msg); } catch (e) { console.error(e); }
    };
    ws.onclose = (ev) => {
      if (live.ws !== ws) return;
      live.ws = null;
      if (!live.id) return;
      // An answer not acknowledged may not be stored (the database may be
      // down: 1013 "unavailable"): give it back. If it was stored after
      // all, the resume replays its answer.ack.
      if (live.pending) giveBack(live.pending, "");
      if (ev.code === 1009) showAnswerError("That message was too long for the server.");
      else if (ev.code === 1013 && ev.reason.startsWith("unavailable")) showAnswerError("The server's database is unavailable, so nothing was saved just now. Your answer is kept here: submit it again once reconnected.");
      const delay = Math.min(15000, 500 * 2 ** live.retries) * (0.75 + Math.random() * 0.5);
      live.retries++;
      setConn("Connection lost — reconnecting in " + Math.ceil(delay / 1000) + " s. Your answer is kept.", true);
      live.retryTimer = setTimeout(connect, delay);
    };
  }

  function send(msg, control) {
    if (!live.ws || live.ws.readyState !== WebSocket.OPEN) return false;
    if (!control) live.sentSinceOpen++;
    live.ws.send(JSON.stringify(msg));
    return true;
  }

  function turnView(turn) {
    let v = live.turns.get(turn);
    if (!v) {
      v = new TurnView($("live-turns"), turn, live.plan && live.plan.total);
      live.turns.set(turn, v);
    }
    return v;
  }

  function storedTurn(turn) {
    const tr = live.transcript;
    return tr && tr.turns ? tr.turns.find((t) => t.turn === turn) : null;
  }

  function handle(msg) {
    switch (msg.type) {
      case "session":
        live.plan = msg;
        $("live-title").textContent = msg.role_name + " interview";
        $("live-plan").textContent = planLine({ ...msg, count: msg.total });
        break;
      case "question.delta":
        turnView(msg.turn).question.textContent += msg.text;
        break;
      case "question": {
        showNext(null);
        const v = turnView(msg.turn);
        v.question.textContent = msg.text;
        v.setCategory(msg.category);
        const stored = storedTurn(msg.turn);
        const askedAt = stored ? Date.parse(stored.asked_at) : Date.now();
        await_({ turn: msg.turn, followup: 0, prompt: "Question " + msg.index + " of " + msg.total, limitS: msg.time_limit_s, askedAt, text: msg.text });
        break;
      }
      case "answer.ack": {
        const v = turnView(msg.turn);
        const text = answerTextFor(msg.turn, msg.followup || 0);
        if (msg.followup) {
          v.setFollowUpAnswer(msg.followup, text, msg.skipped);
          const fv = v.followupViews[msg.followup];
          fv.ack.textContent = msg.skipped ? "Skipped" : "Saved ✓";
          fv.ack.classList.add("saved");
        } else if (msg.skipped) {
          v.answerBox.hidden = false;
          v.answer.textContent = "(skipped)";
          v.ack.textContent = "Skipped";
        } else {
          v.setAnswer(text, null);
          v.ack.textContent = "Saved ✓" + (msg.overtime ? " (over time)" : "");
          v.ack.classList.add("saved");
        }
        if (live.pending && live.pending.turn === msg.turn && live.pending.followup === (msg.followup || 0)) live.pending = null;
        forgetDraft(msg.turn, msg.followup || 0); // a submitted attempt's draft is never restored
        if (live.awaiting && live.awaiting.turn === msg.turn && live.awaiting.followup === (msg.followup || 0)) {
          await_(null);
          $("live-status").textContent = msg.skipped || live.plan.mode === "exam" ? "" : "Scoring your answer…";
        }
        break;
      }
      case "score.delta":
        turnView(msg.turn).streamFor().textContent += msg.text;
        break;
      case "score":
        turnView(msg.turn).setScore(msg.result);
        $("live-status").textContent = "";
        break;
      case "followup": {
        const v = turnView(msg.turn);
        v.addFollowUp(msg.index, msg.text); // below the feedback it follows
        await_({ turn: msg.turn, followup: msg.index, prompt: "Follow-up: " + msg.text, limitS: 0, text: msg.text });
        break;
      }
      case "ready": // practice: the next question waits for the candidate
        await_(null);
        showNext(msg);
        break;
      case "finished":
        live.finished = true;
        showNext(null);
        await_(null);
        $("live-status").textContent = "";
        renderSummary($("live-summary"), msg.summary, "summary-title", { id: live.id, plan: live.plan, turns: live.transcript && live.transcript.turns });
        if (live.sentSinceOpen > 0) focusHeading("summary-title");
        break;
      case "error":
        if (live.sentSinceOpen > 0) onError(msg);
        break;
    }
  }

  // answerTextFor is the text of an acknowledged answer: the one this page
  // sent, or the stored one after a reload.
  function answerTextFor(turn, followup) {
    if (live.pending && live.pending.turn === turn && live.pending.followup === followup) return live.pending.text;
    const t = storedTurn(turn);
    if (!t) return "";
    if (followup) return (t.followups && t.followups[followup - 1] && t.followups[followup - 1].answer) || "";
    return mainAnswer(t);
  }

  // showNext shows "Next question" once a practice turn is over (msg the
  // ready message), or hides it (null). The question and its time start
  // only when the candidate clicks it (or presses N).
  function showNext(msg) {
    live.ready = msg;
    const panel = $("next-panel");
    show(panel, !!msg);
    if (!msg) return;
    $("next-question").textContent = "Next question (" + msg.turn + " of " + msg.total + ")";
    $("live-status").textContent = "";
    if (live.sentSinceOpen > 0) $("next-question").focus();
  }

  function askNext() {
    if (!live.ready || live.finished) return;
    if (send({ type: "next" })) {
      show($("next-panel"), false);
      live.ready = null;
      $("live-status").textContent = "Asking the next question…";
    }
  }

  // openDraft is the stored draft for attempt a (its turn and follow-up),
  // or "": a draft typed for another attempt, or for one submitted since,
  // is never put into this box.
  function openDraft(a) {
    const t = storedTurn(a.turn);
    if (!t || !t.draft) return "";
    const n = (t.followups || []).length;
    const open = t.status === "asked" ? 0 : t.status === "followup" ? n : -1;
    const forAttempt = typeof t.draft_followup === "number" ? t.draft_followup : open;
    return open === a.followup && forAttempt === a.followup ? t.draft : "";
  }

  function forgetDraft(turn, followup) {
    const t = storedTurn(turn);
    if (t && (t.draft_followup || 0) === followup) t.draft = "";
  }

  function onError(msg) {
    if (live.pending && (!msg.turn || msg.turn === live.pending.turn)) giveBack(live.pending, msg.code);
    showAnswerError(msg.message);
  }

  // giveBack returns an answer that was not taken to the candidate.
  function giveBack(p, code) {
    live.pending = null;
    if (code !== "already_answered" && code !== "finished") {
      await_(live.awaiting || { turn: p.turn, followup: p.followup, prompt: "", limitS: 0 });
      if (!$("answer").value) $("answer").value = p.text;
    }
  }

  function showAnswerError(text) {
    $("answer-error").textContent = text || "";
    if (text) $("live-status").textContent = "";
  }

  // await_ shows the answer box for a question or follow-up (or hides it).
  function await_(a) {
    const same = a && live.awaiting && live.awaiting.turn === a.turn && live.awaiting.followup === a.followup;
    live.awaiting = a;
    const form = $("answer-form");
    clearInterval(live.timerTick);
    if (voice) voice.await(live.id, a, same);
    if (!a) { show(form, false); $("timer").textContent = ""; return; }
    $("composer-prompt").textContent = a.prompt;
    $("composer-title").textContent = a.followup ? "Answer the follow-up" : "Your answer";
    $("skip-question").textContent = a.followup ? "Skip follow-up" : "Skip question";
    showAnswerError("");
    if (!same) {
      const draft = openDraft(a);
      $("answer").value = draft;
      live.lastDraft = draft;
      $("autosave").textContent = draft ? "Draft restored." : "";
    }
    show(form, true);
    startTimer(a);
    if (!same && live.sentSinceOpen > 0) $("answer").focus();
    else if (!same && live.fresh && a.turn === 1 && !a.followup) { live.fresh = false; $("answer").focus(); }
  }

  function startTimer(a) {
    const timer = $("timer");
    if (!a.limitS) { timer.textContent = ""; return; }
    const end = (a.askedAt || Date.now()) + a.limitS * 1000;
    const key = a.turn + ":" + a.followup;
    const tick = () => {
      const left = Math.round((end - Date.now()) / 1000);
      if (left > 0) {
        timer.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
        timer.classList.toggle("low", left <= 30);
        if (left === 60 && !live.announced[key + "60"]) { live.announced[key + "60"] = true; $("time-announcer").textContent = "One minute left."; }
      } else {
        timer.textContent = "Time's up — you can still answer";
        timer.classList.add("low");
        if (!live.announced[key + "0"]) { live.announced[key + "0"] = true; $("time-announcer").textContent = "Time is up. You can still submit; the answer is marked over time."; }
        clearInterval(live.timerTick);
      }
    };
    tick();
    live.timerTick = setInterval(tick, 1000);
  }

  // Drafts: saved about a second after the candidate stops typing.
  $("answer").addEventListener("input", () => {
    $("answer-error").textContent = "";
    clearTimeout(live.draftTimer);
    $("autosave").textContent = "Editing…";
    live.draftTimer = setTimeout(saveDraft, DRAFT_DELAY_MS);
  });

  function saveDraft() {
    const a = live.awaiting;
    const text = $("answer").value;
    if (!a || text === live.lastDraft) return;
    if (encoder.encode(text).length > MAX_ANSWER_BYTES) { $("autosave").textContent = "Too long to save: shorten the answer."; return; }
    if (send({ type: "draft", turn: a.turn, followup: a.followup, text })) {
      live.lastDraft = text;
      $("autosave").textContent = "Draft saved " + new Date().toLocaleTimeString() + ".";
    } else {
      $("autosave").textContent = "Offline: the draft will be saved when the connection is back.";
      live.draftTimer = setTimeout(saveDraft, DRAFT_DELAY_MS * 2);
    }
  }

  $("answer-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const a = live.awaiting;
    if (!a) return;
    const text = $("answer").value;
    if (!text.trim()) { showAnswerError("Write an answer first, or skip the question."); $("answer").focus(); return; }
    if (encoder.encode(text).length > MAX_ANSWER_BYTES) { showAnswerError("The answer is longer than 16 KB: shorten it."); return; }
    clearTimeout(live.draftTimer);
    forgetDraft(a.turn, a.followup);
    live.pending = { turn: a.turn, followup: a.followup, text };
    if (!send({ type: "answer", turn: a.turn, text })) {
      live.pending = null;
      showAnswerError("Not connected: your answer is kept here; submit again once reconnected.");
      return;
    }
    show($("answer-form"), false);
    if (voice) voice.submitted();
    $("live-status").textContent = "Saving your answer…";
    $("answer").value = "";
  });

  $("skip-question").addEventListener("click", () => {
    const a = live.awaiting;
    if (!a) return;
    if (send({ type: "skip", turn: a.turn })) {
      live.pending = { turn: a.turn, followup: a.followup, text: $("answer").value };
      show($("answer-form"), false);
      $("answer").value = "";
    }
  });

  $("end-interview").addEventListener("click", () => {
    if (!window.confirm("End the interview now? Unanswered questions count as skipped.")) return;
    send({ type: "end" });
  });

  $("next-question").addEventListener("click", askNext);
  // N asks the next question when it waits (not while typing).
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "n" && ev.key !== "N") return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || !live.ready || $("view-live").hidden) return;
    if (ev.target && ev.target.closest && ev.target.closest("input,textarea,select,[contenteditable]")) return;
    ev.preventDefault();
    askNext();
  });

  // Ctrl+Enter (or Cmd+Enter) submits the answer.
  $("answer").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      $("answer-form").requestSubmit();
    }
  });

  window.addEventListener("hashchange", route);
  route();
})();
