// mockinterview: the end-of-interview summary on the candidate's page
// (docs/ui.md, "The summary"). Plain JavaScript, no build step. app.js
// draws the counts and averages and calls window.mockinterviewSummary.render
// once a summary is there (the finished message, or a finished transcript);
// this file adds the verdict, the three things to practise, best and
// weakest answers as links to their turn, and per question: what a strong
// answer looks like (the bank's reference answer, fetched only now that the
// turn is over), the earlier attempts at it side by side, and "Retry this
// question"; then "Practise again with the same questions".
"use strict";

(function () {
  const el = window.mockinterviewDOM.el; // dom.js

  const call = window.mockinterviewDOM.api; // dom.js

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function fmtDate(iso) {
    try { return new Date(iso).toLocaleString(); } catch (e) { return iso; }
  }

  // Bank questions, fetched once each. A question a tailored plan wrote
  // is not in the bank: null (no model answer, no retry).
  const bankCache = new Map();
  function bankQuestion(id) {
    if (!bankCache.has(id)) {
      bankCache.set(id, call("GET", "/api/v1/questions/" + encodeURIComponent(id)).catch(() => null));
    }
    return bankCache.get(id);
  }

  // turnIn finds turn N in the view of node: the live view and the
  // transcript both number their turns turn-1, turn-2… and a hidden view
  // keeps its last ones.
  function turnIn(node, turn) {
    const view = (node && node.closest(".view")) || document;
    return view.querySelector('[id="turn-' + turn + '"]');
  }

  // turnLink is a link to a turn of the page: it scrolls to the turn and
  // moves focus to its title (the hash stays the router's).
  function turnLink(turn, text) {
    const a = el("a", { href: "#turn-" + turn, class: "turn-link", "data-turn": turn }, text);
    a.addEventListener("click", (ev) => {
      const target = turnIn(a, turn);
      if (!target) return;
      ev.preventDefault();
      openTurn(target);
    });
    return a;
  }

  function openTurn(section) {
    for (const d of section.querySelectorAll("details")) d.open = true;
    section.scrollIntoView({ block: "start" });
    const title = section.querySelector("h2") || section;
    if (!title.hasAttribute("tabindex")) title.setAttribute("tabindex", "-1");
    title.focus({ preventScroll: true });
    section.classList.remove("turn-target");
    void section.offsetWidth; // restart the highlight
    section.classList.add("turn-target");
    clearTimeout(section._targetTimer);
    section._targetTimer = setTimeout(() => section.classList.remove("turn-target"), 1700);
  }

  // turnsOf gives the summary's turns, or for a summary stored before they
  // existed, the transcript's.
  function turnsOf(summary, session) {
    if (summary.turns && summary.turns.length) return summary.turns;
    return ((session && session.turns) || []).map((t) => ({
      turn: t.turn, question_id: t.question.id, category: t.question.category, skipped: !!t.skipped,
      scored: !!t.score, overall: t.score ? t.score.overall : 0, band: t.score ? t.score.band : 0,
      covered: t.score ? ((t.score.coverage && t.score.coverage.points) || []).filter((p) => p.status === "covered").length : 0,
      points: t.score ? ((t.score.coverage && t.score.coverage.points) || []).length : 0,
    }));
  }

  function questionText(container, turn, q) {
    const section = turnIn(container, turn);
    const asked = section && section.querySelector(".question");
    return (q && q.text) || (asked && asked.textContent) || "";
  }

  // start creates a session with the given questions and opens it.
  async function start(button, status, role, mode, ids) {
    button.disabled = true;
    status.textContent = "Starting…";
    try {
      const created = await call("POST", "/api/v1/sessions", { role, mode, question_ids: ids, ...(mode === "practice" ? { pace: "candidate" } : {}) });
      status.textContent = "";
      location.hash = "#/live/" + created.id;
    } catch (e) {
      status.textContent = "Could not start it: " + e.message;
    } finally {
      button.disabled = false;
    }
  }

  // attempts lists, per question id, every scored or skipped attempt in
  // the caller's finished sessions (GET /api/v1/sessions: the guest
  // cookie's or the signed-in account's), oldest first.
  async function attempts(currentID) {
    const out = new Map();
    let data;
    try { data = await call("GET", "/api/v1/sessions?limit=100"); } catch (e) { return out; }
    const sessions = (data.sessions || []).filter((s) => s.state === "finished" && s.summary && s.summary.turns);
    sessions.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
    for (const s of sessions) {
      for (const t of s.summary.turns) {
        if (!t.scored && !t.skipped) continue;
        if (!out.has(t.question_id)) out.set(t.question_id, []);
        out.get(t.question_id).push({ ...t, session: s.id, created_at: s.created_at, current: s.id === currentID });
      }
    }
    return out;
  }

  function attemptsTable(list, questionLabel) {
    const table = el("table", { class: "attempts" },
      el("caption", {}, "Your attempts at this question, newest last"),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Date"), el("th", { scope: "col" }, "Overall"),
        el("th", { scope: "col" }, "Band"), el("th", { scope: "col" }, "Talking points covered"))));
    const body = el("tbody");
    for (const a of list) {
      const date = a.current ? el("span", {}, fmtDate(a.created_at), " (this interview)")
        : el("a", { href: "#/sessions/" + a.session }, fmtDate(a.created_at));
      body.append(el("tr", { class: a.current ? "current" : null },
        el("td", {}, date),
        el("td", {}, a.skipped ? "skipped" : a.overall + "/100"),
        el("td", {}, a.skipped ? "—" : a.band + " of 5"),
        el("td", {}, a.skipped ? "—" : a.covered + " of " + a.points)));
    }
    table.append(body);
    table.setAttribute("aria-label", "Attempts at " + questionLabel);
    return table;
  }

  async function render(container, summary, session) {
    session = session || {};
    const plan = session.plan || {};
    const heading = container.querySelector("h2");
    const token = {};
    container._summaryToken = token; // a later render wins

    // The verdict, right under the heading.
    const v = summary.verdict;
    if (v) {
      const box = el("div", { class: "verdict verdict-" + v.level, id: container.id + "-verdict" },
        el("p", { class: "verdict-label" }, v.label),
        el("p", { class: "verdict-text" }, v.text));
      if (heading) heading.after(box); else container.prepend(box);
    }

    // Best and weakest: links to their turn.
    for (const [key, label] of [["best", "Best answer"], ["weakest", "Weakest answer"]]) {
      const ref = summary[key];
      if (!ref) continue;
      for (const dt of container.querySelectorAll("dl > dt")) {
        if (dt.textContent !== label || !dt.nextElementSibling) continue;
        dt.nextElementSibling.replaceChildren(turnLink(ref.turn, "question " + ref.turn + " (" + ref.overall + "/100)"));
      }
    }

    const blocks = el("div", { class: "summary-more" });
    const links = container.querySelector(":scope > p:last-child");
    if (links) links.before(blocks); else container.append(blocks);

    // Three things to practise.
    const things = summary.practise || [];
    if (things.length) {
      const ol = el("ol", { class: "practise" });
      for (const p of things) {
        const li = el("li", { "data-turn": p.turn },
          el("strong", {}, p.what), " ",
          el("span", { class: p.part ? "swatch star-" + p.part : "badge" }, p.part || "talking point"),
          el("br"),
          el("span", { class: "why" }, p.why, " "), turnLink(p.turn, "See question " + p.turn));
        if (p.quote) li.append(el("blockquote", {}, "“" + p.quote + "”"));
        ol.append(li);
      }
      blocks.append(el("h3", {}, (["", "One thing", "Two things", "Three things"][things.length] || plural(things.length, "thing")) + " to practise"), ol);
    }

    // Per question: model answer, attempts, retry.
    const turns = turnsOf(summary, session);
    if (!turns.length) return;
    const list = el("div", { class: "summary-questions" });
    blocks.append(el("h3", {}, "Question by question"), list);
    const status = el("p", { class: "status", "aria-live": "polite" });
    const bank = await Promise.all(turns.map((t) => bankQuestion(t.question_id)));
    if (container._summaryToken !== token) return;
    const history = await attempts(session.id);
    if (container._summaryToken !== token) return;
    turns.forEach((t, i) => {
      const q = bank[i];
      const text = questionText(container, t.turn, q);
      const item = el("section", { class: "summary-question", id: container.id + "-q" + t.turn, "data-question": t.question_id },
        el("h4", {}, "Question " + t.turn + ": ", text));
      const outcome = t.skipped ? "skipped" : t.scored ? t.overall + "/100, band " + t.band + " of 5" + (t.points ? ", " + t.covered + " of " + plural(t.points, "talking point") + " covered" : "") : "not scored";
      item.append(el("p", { class: "outcome" }, outcome + " · ", turnLink(t.turn, t.skipped ? "the question" : "your answer")));
      if (q && q.reference_answer) {
        item.append(el("details", { class: "model-answer" },
          el("summary", {}, "What a strong answer looks like"),
          el("p", {}, q.reference_answer)));
      }
      const tries = history.get(t.question_id) || [];
      if (tries.length > 1) item.append(attemptsTable(tries, text));
      if (q && q.role) {
        const button = el("button", { type: "button", class: "retry", "data-question": t.question_id }, "Retry this question");
        button.addEventListener("click", () => start(button, status, q.role, plan.mode, [t.question_id]));
        item.append(el("div", { class: "actions" }, button));
      }
      list.append(item);
    });
    // The same questions again, in the same order: when every one is a bank
    // question of one role (a tailored plan may draw on several, or write
    // its own).
    const roles = new Set(bank.map((q) => (q ? q.role : "")));
    if (roles.size === 1 && !roles.has("")) {
      const button = el("button", { type: "button", class: "primary", id: container.id + "-again" }, "Practise again with the same questions");
      const ids = turns.map((t) => t.question_id);
      button.addEventListener("click", () => start(button, status, [...roles][0], plan.mode, ids));
      blocks.append(el("div", { class: "actions again" }, button));
    }
    blocks.append(status);
  }

  window.mockinterviewSummary = { render, turnLink };
})();
