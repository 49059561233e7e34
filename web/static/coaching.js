// Coaching on the candidate's page (docs/ui.md, "Coaching on the
// transcript"): what the candidate's coaches added to an interview, drawn
// into the page's own views through two hooks of app.js.
//
//   transcript(container, tr): on a transcript, each coach's comment is
//   highlighted on the passage it was made on (numbered, the comment, the
//   coach's email and the date beside the answer), an override shows as
//   the score that counts ("Coach's score 70 (engine 62): reason"), and the
//   transcript gets its export, share and printable-view actions.
//
//   history(list, sessions): each listed interview a coach reviewed gets a
//   badge with the coach's score (the mean of the effective scores) and the
//   number of comments, from one GET /api/v1/review/sessions.
//
// A transcript's coaching comes from GET /api/v1/sessions/{id}/review; both
// answer only with what the caller may read (their own interviews); a
// server without review answers 501 and the page stays as it is.
'use strict';
(function () {
  const enc = new TextEncoder();
  const dec = new TextDecoder();

  const el = window.mockinterviewDOM.el; // dom.js

  async function getJSON(path) {
    const res = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    return res.json();
  }

  function fmtDate(iso) {
    try { return new Date(iso).toLocaleString(); } catch (e) { return iso; }
  }

  // The string index of a UTF-8 byte offset of text.
  function indexOf(text, byteOffset) {
    return dec.decode(enc.encode(text).subarray(0, Math.max(0, byteOffset))).length;
  }

  // mark highlights the characters [from, to) (string indices of root's
  // text): each text node inside the range is split and its part wrapped
  // in a mark of its own, so that the elements around it (the STAR marks)
  // stay whole; the comment's number goes on the last piece.
  function mark(root, from, to, attrs, ref) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const pieces = [];
    let seen = 0, node;
    while ((node = walker.nextNode())) {
      const len = node.data.length;
      const a = Math.max(from, seen), b = Math.min(to, seen + len);
      if (a < b) pieces.push({ node, a: a - seen, b: b - seen });
      seen += len;
    }
    pieces.forEach((p, i) => {
      let text = p.node;
      if (p.a > 0) text = text.splitText(p.a);
      if (p.b - p.a < text.data.length) text.splitText(p.b - p.a);
      const m = el('mark', Object.assign({}, attrs, i === pieces.length - 1 ? { 'data-comment-refs': ref } : {}));
      text.replaceWith(m);
      m.append(text);
    });
    return pieces.length > 0;
  }

  function latestOverride(review, turn) {
    let latest = null;
    for (const o of review.overrides || []) {
      if (o.turn === turn && (!latest || o.created_at >= latest.created_at)) latest = o;
    }
    return latest;
  }

  function actions(tr) {
    const id = encodeURIComponent(tr.id);
    const out = el('span', { class: 'share-link', id: 'coaching-share-link', role: 'status' });
    const share = el('button', { type: 'button', id: 'coaching-share' }, 'Share a read-only link');
    share.addEventListener('click', async () => {
      try {
        const res = await fetch('/api/v1/sessions/' + id + '/shares', {
          method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}',
        });
        const data = await res.json().catch(() => null);
        if (!res.ok) throw new Error(data && data.error ? data.error.message : 'could not make a link (' + res.status + ')');
        out.textContent = location.origin + data.url + ' (until ' + new Date(data.expires_at).toLocaleDateString() + ')';
      } catch (e) {
        out.textContent = e.message;
      }
    });
    const link = (fmt, label) => el('a', { id: 'coaching-export-' + fmt, href: '/api/v1/sessions/' + id + '/export?format=' + fmt }, label);
    const bar = el('p', { class: 'coaching-actions', id: 'coaching-actions' },
      'Export: ', link('md', 'Markdown'), ' · ', link('json', 'JSON'), ' · ', link('csv', 'CSV'), ' · ', share, ' ', out);
    // The printable view is one of the account pages: for a signed-in
    // candidate only (a guest would be sent to the login page).
    getJSON('/api/v1/auth/me').then((me) => {
      if (me) share.before(el('a', { id: 'coaching-print', href: '/coach/sessions/' + id + '/print' }, 'Printable view'), ' · ');
    }).catch(() => {});
    return bar;
  }

  async function transcript(container, tr) {
    document.getElementById('coaching-actions')?.remove(); // the last transcript's
    const review = await getJSON('/api/v1/sessions/' + encodeURIComponent(tr.id) + '/review');
    if (!review) return;
    container.before(actions(tr));
    for (const t of tr.turns) {
      const root = container.querySelector('#turn-' + t.turn);
      if (!root) continue;
      const answer = root.querySelector('.answer-box .answer-text');
      const comments = (review.comments || []).filter((c) => c.turn === t.turn);
      const shown = answer ? answer.textContent : '';
      if (comments.length) {
        const list = el('ol', { class: 'coach-comments' });
        comments.forEach((c, i) => {
          const n = String(i + 1);
          if (answer && c.end <= enc.encode(shown).length) {
            mark(answer, indexOf(shown, c.start), indexOf(shown, c.end),
              { class: 'coach-comment', 'data-comment': n, title: c.body }, n);
          }
          list.append(el('li', { class: 'coach-comment-item', 'data-ref': n },
            el('span', { class: 'comment-ref' }, n), ' ',
            el('q', { class: 'quote' }, c.quote), ' ',
            el('span', { class: 'body' }, c.body), ' ',
            el('span', { class: 'comment-by' }, '— ' + c.author_email + ', ' + fmtDate(c.created_at))));
        });
        root.querySelector('.answer-box').after(el('div', { class: 'coaching' },
          el('h3', { text: "Your coach's comments" }), list));
      }
      const o = latestOverride(review, t.turn);
      if (o) {
        const engine = t.score ? String(t.score.overall) : 'not scored';
        root.querySelector('.score-box').prepend(el('p', { class: 'coach-score' },
          "Coach's score ", el('strong', { class: 'coach-score-value' }, String(o.overall)),
          ' (engine ' + engine + '): ', el('span', { class: 'override-reason' }, o.reason),
          ' ', el('span', { class: 'comment-by' }, '— ' + o.author_email + ', ' + fmtDate(o.created_at))));
      }
    }
  }

  // history reads the caller's sessions with their coaching in one request
  // (GET /api/v1/review/sessions: a candidate's or guest's own) and badges
  // the listed ones a coach reviewed.
  async function history(list, sessions) {
    const items = [...list.children];
    // A signed-in user's way to their progress and to the list with the
    // coaching (the account pages).
    document.getElementById('coaching-home')?.remove();
    getJSON('/api/v1/auth/me').then((me) => {
      if (!me || !me.user || document.getElementById('coaching-home')) return;
      list.before(el('p', { id: 'coaching-home', class: 'coaching-actions' },
        el('a', { id: 'coaching-progress', href: '/coach/candidates/' + encodeURIComponent(me.user.id) }, 'Your progress'),
        ' · ', el('a', { href: '/coach' }, 'Your interviews with your coaches\' comments')));
    }).catch(() => {});
    const data = await getJSON('/api/v1/review/sessions?limit=100');
    if (!data) return;
    const coaching = new Map(data.sessions.map((s) => [s.id, s.coaching]));
    sessions.forEach((s, i) => {
      const c = coaching.get(s.id);
      if (!c || !items[i] || (!c.overridden_turns && !c.comments)) return;
      const parts = [];
      if (c.score !== null && c.score !== undefined) parts.push("coach's score " + Math.round(c.score) + '/100');
      if (c.comments) parts.push(c.comments === 1 ? '1 comment' : c.comments + ' comments');
      items[i].append(' ', el('span', { class: 'badge coached', 'data-session': s.id }, 'Coached: ' + parts.join(' · ')));
    });
  }

  window.mockinterviewCoaching = { transcript, history };
})();
