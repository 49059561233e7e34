// mockinterview: the start form's polish on the candidate's page
// (docs/ui.md, "Setting up an interview"). Plain JavaScript, no build step.
// It adds the difficulty to the session request, estimates the session's
// length from the mix the server will pick, checks the count against what
// the role has for the chosen categories and difficulty (the server's own
// rule, docs/sessions.md) and shows any refusal next to its field; it also
// tells how to send an answer from the keyboard. app.js calls it through
// window.mockinterviewSetup: request(), check(body), showFieldError().
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const CATEGORIES = ["behavioral", "technical", "situational"];
  const WEIGHTS = { behavioral: 2, technical: 4, situational: 2 }; // the seed mix, interview/plan.go
  // The engine's default time limits per question (docs/sessions.md); a
  // session's own limits are in its plan once created.
  const TIME_LIMIT_S = { behavioral: 180, technical: 240, situational: 180 };
  const MAX_COUNT = 20;

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  const roles = new Map(); // role id → {name, questions: [{category, difficulty}]}

  async function loadRole(id) {
    if (!id) return null;
    if (!roles.has(id)) {
      roles.set(id, (async () => {
        const [list, qs] = await Promise.all([
          fetch("/api/v1/roles", { credentials: "same-origin" }).then((r) => r.json()),
          fetch("/api/v1/questions?role=" + encodeURIComponent(id), { credentials: "same-origin" }).then((r) => r.json()),
        ]);
        const role = (list.roles || []).find((r) => r.id === id) || { id, name: id };
        return { id, name: role.name, questions: (qs.questions || []).map((q) => ({ category: q.category, difficulty: q.difficulty })) };
      })().catch(() => null));
    }
    return roles.get(id);
  }

  function form() {
    const f = $("setup-form");
    const cats = [...f.querySelectorAll("input[name=categories]:checked")].map((c) => c.value);
    return {
      role: $("role").value,
      categories: cats.length ? cats : CATEGORIES,
      count: parseInt($("count").value, 10),
      difficulty: $("difficulty").value,
    };
  }

  function postingGiven() {
    const t = window.mockinterviewTailor;
    return !!(t && t.hasPosting && t.hasPosting());
  }

  // apportion is interview/plan.go's: count split by the seed weights
  // (largest remainder, ties in category order), then what a category
  // cannot supply moved to those with room, the most under-served first.
  function apportion(count, cats, sizes) {
    const weight = cats.reduce((n, c) => n + WEIGHTS[c], 0);
    const mix = {};
    const rems = [];
    let given = 0;
    for (const c of cats) {
      const n = count * WEIGHTS[c];
      mix[c] = Math.floor(n / weight);
      given += mix[c];
      rems.push({ c, num: n % weight });
    }
    const order = rems.map((r, i) => ({ ...r, i })).sort((a, b) => b.num - a.num || a.i - b.i);
    for (let i = 0; given < count; i++) { mix[order[i % order.length].c]++; given++; }
    let excess = 0;
    for (const c of cats) if (mix[c] > sizes[c]) { excess += mix[c] - sizes[c]; mix[c] = sizes[c]; }
    for (; excess > 0; excess--) {
      let best = null;
      for (const c of cats) {
        if (mix[c] >= sizes[c]) continue;
        if (best === null || mix[c] * WEIGHTS[best] < mix[best] * WEIGHTS[c]) best = c;
      }
      if (best === null) break;
      mix[best]++;
    }
    return mix;
  }

  // evaluate gives the check's verdict and the estimate for the form.
  function evaluate(f, role) {
    if (!Number.isInteger(f.count) || f.count < 1 || f.count > MAX_COUNT) {
      return { error: { field: "count", message: "Choose from 1 to " + MAX_COUNT + " questions." } };
    }
    if (!role) return {};
    const note = f.difficulty ? " at difficulty " + f.difficulty : "";
    const sizes = {};
    let available = 0;
    for (const c of f.categories) {
      sizes[c] = role.questions.filter((q) => q.category === c && (!f.difficulty || q.difficulty === f.difficulty)).length;
      available += sizes[c];
      if (!sizes[c]) {
        return { error: { field: "categories", message: role.name + " has no " + c + " questions" + note + ": untick " + c + " or choose another difficulty." } };
      }
    }
    if (available < f.count) {
      return { available, error: { field: "count", message: role.name + " has only " + plural(available, "question") + " for this plan" + note + ", not " + f.count + ": choose " + available + " or fewer." } };
    }
    const mix = apportion(f.count, f.categories, sizes);
    const seconds = f.categories.reduce((s, c) => s + (mix[c] || 0) * TIME_LIMIT_S[c], 0);
    return { available, mix, minutes: Math.round(seconds / 60) };
  }

  let lastRole = null;
  let generation = 0;
  async function refresh() {
    if (!$("setup-form")) return;
    const mine = ++generation;
    const f = form();
    const role = f.role && !postingGiven() ? await loadRole(f.role) : null;
    if (mine !== generation) return; // a later change is being shown
    lastRole = role;
    clearFieldErrors();
    const r = evaluate(f, role);
    const estimate = $("estimate");
    if (r.error) {
      showFieldError(r.error.field, r.error.message, true);
      estimate.textContent = "";
      return;
    }
    if (role) $("count").max = String(Math.min(MAX_COUNT, r.available));
    if (r.mix) {
      const parts = f.categories.filter((c) => r.mix[c]).map((c) => r.mix[c] + " " + c);
      estimate.textContent = "About " + plural(Math.max(1, r.minutes), "minute") + " (" + parts.join(", ") +
        "; up to 3 minutes a story, 4 a technical question), plus any follow-up questions.";
    } else {
      estimate.textContent = "";
    }
  }

  const fieldErrors = { count: "count-error", categories: "categories-error", difficulty: "difficulty-error" };
  const fieldInputs = { count: "count", categories: "categories", difficulty: "difficulty" };

  function clearFieldErrors() {
    for (const [field, id] of Object.entries(fieldErrors)) {
      $(id).textContent = "";
      $(fieldInputs[field]).removeAttribute("aria-invalid");
    }
  }

  // showFieldError puts a message at its field (count, categories,
  // difficulty) and, unless quiet, moves focus there.
  function showFieldError(field, message, quiet) {
    if (field && field.startsWith("question_ids")) field = "count";
    const id = fieldErrors[field];
    if (!id) return false;
    $(id).textContent = message;
    const input = $(fieldInputs[field]);
    input.setAttribute("aria-invalid", "true");
    if (!quiet) {
      const focusable = input.matches("input,select") ? input : input.querySelector("input");
      if (focusable) focusable.focus();
    }
    return true;
  }

  function request() {
    const d = $("difficulty").value;
    return d ? { difficulty: d } : {};
  }

  // check is the last look before submitting: the form as the server will
  // judge it (the roles and questions were loaded on the way).
  function check(body) {
    if (postingGiven()) return null;
    const f = form();
    if (body && body.count !== undefined) f.count = body.count;
    const r = evaluate(f, lastRole && lastRole.id === f.role ? lastRole : null);
    return r.error || null;
  }

  // The keyboard hint by the answer box: ⌘+Enter on a Mac.
  function sendHint() {
    const hint = $("send-hint");
    if (!hint) return;
    const platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || "";
    const mac = /mac|iphone|ipad/i.test(platform);
    hint.textContent = (mac ? "⌘+Enter" : "Ctrl+Enter") + " to send";
  }

  function init() {
    const f = $("setup-form");
    if (!f) return;
    for (const id of ["role", "count", "difficulty"]) {
      $(id).addEventListener("input", refresh);
      $(id).addEventListener("change", refresh);
    }
    for (const box of f.querySelectorAll("input[name=categories]")) box.addEventListener("change", refresh);
    for (const area of ["jd", "resume"]) { // tailor.js: a posting makes the role optional
      f.addEventListener("input", (ev) => { if (ev.target && ev.target.id === area) refresh(); });
    }
    sendHint();
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  window.mockinterviewSetup = { request, check, showFieldError, refresh, apportion };
})();
