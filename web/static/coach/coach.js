// The coach's pages and the account pages: send the forms to the JSON API,
// turn a selected passage of an answer into UTF-8 byte offsets (the spans
// of the API), and follow a live interview read-only. Requests go to this
// same origin, so the browser marks them same-origin (Sec-Fetch-Site),
// which is what the server's cross-origin protection checks.
'use strict';

const enc = new TextEncoder();
const dec = new TextDecoder();

// The JSON calls and the element builder of every page: /static/dom.js,
// loaded first (the head template).
const { api, el } = window.mockinterviewDOM;

function on(id, event, fn) {
  const node = document.getElementById(id);
  if (node) node.addEventListener(event, fn);
  return node;
}

// Accounts (log out, log in, sign up, forgot and reset password):
// /static/account.js, shared with the candidate's page.

on('join-team', 'click', async (ev) => {
  const out = document.getElementById('join-result');
  try {
    const m = await api('POST', '/api/v1/teams/join', { invite: ev.target.dataset.invite });
    out.textContent = 'You joined ' + m.team_name + '. Your coach sees the interviews you start from now on.';
    ev.target.disabled = true;
  } catch (e) {
    out.textContent = e.message;
  }
});

// Teams.
on('team-form', 'submit', async (ev) => {
  ev.preventDefault();
  try {
    await api('POST', '/api/v1/teams', { name: document.getElementById('team-name').value });
    location.reload();
  } catch (e) {
    document.getElementById('team-error').textContent = e.message;
  }
});
document.querySelectorAll('.invite-link').forEach((code) => { code.textContent = location.origin + code.dataset.path; });
// Copy an invite link: the clipboard when the browser allows it, otherwise
// the link is selected so that Ctrl+C (or the context menu) copies it.
document.querySelectorAll('button.copy-invite').forEach((b) => b.addEventListener('click', async () => {
  const link = location.origin + b.dataset.path;
  const status = b.parentElement.querySelector('.copy-status');
  const code = b.parentElement.querySelector('.invite-link');
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
    await navigator.clipboard.writeText(link);
    status.textContent = 'Copied.';
  } catch (e) {
    const range = document.createRange();
    range.selectNodeContents(code);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
}));
document.querySelectorAll('button.leave').forEach((b) => b.addEventListener('click', async () => {
  await api('POST', '/api/v1/teams/' + encodeURIComponent(b.dataset.team) + '/leave').catch((e) => alert(e.message));
  location.reload();
}));

// Review: a selection in an answer becomes the byte range of a comment.
// Every piece of an answer is an element with data-start (its first byte);
// within it, the UTF-16 offset of the selection becomes bytes by encoding
// the text before it.
function byteAt(answer, node, offset) {
  if (node === answer) {
    const child = answer.childNodes[offset];
    if (child) return +child.dataset.start;
    const last = answer.lastElementChild;
    return last ? +last.dataset.end : 0;
  }
  const seg = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest('.seg');
  if (!seg || !answer.contains(seg)) return null;
  if (node.nodeType !== Node.TEXT_NODE) {
    return offset === 0 ? +seg.dataset.start : +seg.dataset.end;
  }
  return +seg.dataset.start + enc.encode(node.data.slice(0, offset)).length;
}

function answerSelection() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const answer = (r.commonAncestorContainer.nodeType === Node.TEXT_NODE
    ? r.commonAncestorContainer.parentElement : r.commonAncestorContainer).closest('.answer');
  if (!answer) return null;
  const start = byteAt(answer, r.startContainer, r.startOffset);
  const end = byteAt(answer, r.endContainer, r.endOffset);
  if (start === null || end === null || end <= start) return null;
  // An answer is shown part by part (the main answer, each follow-up's):
  // data-base is the part's first byte in the turn's whole answer.
  const base = +(answer.dataset.base || 0);
  const bytes = enc.encode(answer.textContent);
  return { answer, start, end, quote: dec.decode(bytes.slice(start - base, end - base)) };
}

function showSelection() {
  const s = answerSelection();
  if (!s) return;
  const form = document.querySelector('.comment-form[data-turn="' + s.answer.dataset.turn + '"]');
  if (!form) return;
  form.elements.start.value = s.start;
  form.elements.end.value = s.end;
  form.querySelector('.selected-text').textContent = s.quote;
  form.querySelector('.selected').hidden = false;
  form.querySelector('button').disabled = false;
  form.dataset.quote = s.quote;
}
document.addEventListener('mouseup', showSelection);
document.addEventListener('keyup', showSelection);

const sessionID = document.getElementById('transcript')?.dataset.session;

// The review forms are found by delegation, so that the forms of a turn
// redrawn by refreshTranscript work too. After a comment or an override,
// the transcript is redrawn from the server (the page is not reloaded: a
// live watch goes on).
document.addEventListener('submit', async (ev) => {
  const form = ev.target;
  const comment = form.classList.contains('comment-form');
  if (!comment && !form.classList.contains('override-form')) return;
  ev.preventDefault();
  const path = '/api/v1/sessions/' + sessionID + '/turns/' + form.dataset.turn;
  try {
    if (comment) {
      await api('POST', path + '/comments', {
        start: +form.elements.start.value, end: +form.elements.end.value,
        quote: form.dataset.quote || '', body: form.elements.body.value,
      });
    } else {
      await api('PUT', path + '/override', {
        overall: +form.elements.overall.value, reason: form.elements.reason.value,
      });
    }
    form.reset();
    form.dataset.submitted = '1';
    await refreshTranscript();
  } catch (e) {
    form.querySelector('.form-error').textContent = e.message;
  }
});

// refreshTranscript redraws the transcript from the server's page: the
// meta line, each turn (new ones added) and the job fit. A form the coach
// is writing in is kept as it is (moved into the redrawn turn). Calls
// while one runs make it run once more after.
let refreshing = null;
let refreshAgain = false;
function refreshTranscript() {
  if (refreshing) { refreshAgain = true; return refreshing; }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      const res = await fetch(location.pathname, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!res.ok) throw new Error('could not read the transcript (' + res.status + ')');
      swapTranscript(new DOMParser().parseFromString(await res.text(), 'text/html'));
    } while (refreshAgain);
  })().finally(() => { refreshing = null; });
  return refreshing;
}

function inUse(form) {
  if (form.dataset.submitted) { delete form.dataset.submitted; return false; }
  if (form.contains(document.activeElement)) return true;
  return [...form.elements].some((e) => e.tagName !== 'BUTTON' && e.value); // a selected passage counts
}

function swapTranscript(doc) {
  const article = document.getElementById('transcript');
  const fresh = doc.getElementById('transcript');
  if (!article || !fresh) return;
  const meta = article.querySelector('.meta'), freshMeta = fresh.querySelector('.meta');
  if (meta && freshMeta && meta.innerHTML !== freshMeta.innerHTML) meta.replaceWith(document.importNode(freshMeta, true));
  const changed = [];
  for (const sec of fresh.querySelectorAll('section.turn')) {
    const old = document.getElementById(sec.id);
    const node = document.importNode(sec, true);
    if (!old) {
      const before = document.getElementById('job-fit');
      if (before) article.insertBefore(node, before); else article.appendChild(node);
      changed.push(node);
      continue;
    }
    if (old.innerHTML === sec.innerHTML) continue;
    for (const f of old.querySelectorAll('form')) {
      const repl = node.querySelector('form.' + f.classList[0]);
      if (repl && inUse(f)) repl.replaceWith(f);
    }
    old.replaceWith(node);
    changed.push(node);
  }
  const fit = document.getElementById('job-fit'), freshFit = doc.getElementById('job-fit');
  if (freshFit && (!fit || fit.innerHTML !== freshFit.innerHTML)) {
    const node = document.importNode(freshFit, true);
    if (fit) fit.replaceWith(node); else article.appendChild(node);
  }
  for (const n of changed) {
    n.classList.add('live-new');
    setTimeout(() => n.classList.remove('live-new'), 1500);
  }
}

on('share', 'click', async (ev) => {
  const out = document.getElementById('share-link');
  try {
    const s = await api('POST', '/api/v1/sessions/' + ev.target.dataset.session + '/shares', {});
    out.textContent = location.origin + s.url + ' (until ' + new Date(s.expires_at).toLocaleDateString() + ')';
  } catch (e) {
    out.textContent = e.message;
  }
});

// Watching a live interview (docs/ui.md, "Watching live"): resume from
// the start; the transcript below is redrawn from the server after each
// message that changes it, so answers (the watcher's answer.ack carries
// the answer's text), scores, follow-up questions and the end appear as
// they happen. The line above it says what is going on now; the event log
// is folded. The server takes nothing but the resume from a watcher.
function watchLive(id) {
  const button = document.getElementById('watch');
  if (button) button.disabled = true;
  const section = document.getElementById('live');
  const log = document.getElementById('live-log');
  const now = document.getElementById('live-now');
  section.hidden = false;
  const proto = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const ws = new WebSocket(proto + location.host + '/api/v1/sessions/' + id + '/live');
  const add = (cls, text) => { log.appendChild(el('li', { class: cls }, text)); };
  const say = (text) => { now.textContent = text; };
  const redraw = () => refreshTranscript().catch((e) => say('Could not redraw the transcript: ' + e.message));
  say('Connecting…');
  ws.onopen = () => { ws.send(JSON.stringify({ type: 'resume', last_seq: 0 })); say('Watching live.'); };
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    const fu = msg.followup ? ' (follow-up ' + msg.followup + ')' : '';
    switch (msg.type) {
      case 'question':
        add('live-question', 'Question ' + msg.turn + ': ' + msg.text);
        say('Question ' + msg.index + ' of ' + msg.total + ' asked: the candidate is answering.');
        redraw();
        break;
      case 'answer.ack':
        if (msg.skipped) {
          add('live-answer', 'Question ' + msg.turn + fu + ' skipped');
          say('Question ' + msg.turn + fu + ' skipped.');
        } else {
          add('live-answer', 'Answer to question ' + msg.turn + fu + (msg.text ? ': ' + msg.text : ' received'));
          say('Answer to question ' + msg.turn + fu + ' received; scoring…');
        }
        redraw();
        break;
      case 'score':
        add('live-score', 'Question ' + msg.turn + ' scored ' + msg.result.overall);
        say('Question ' + msg.turn + ' scored ' + msg.result.overall + '.');
        redraw();
        break;
      case 'followup':
        add('live-followup', 'Follow-up on question ' + msg.turn + ': ' + msg.text);
        say('Follow-up on question ' + msg.turn + ' asked: ' + msg.text);
        redraw();
        break;
      case 'finished':
        add('live-finished', 'Interview finished');
        say('The interview is finished.');
        redraw();
        break;
      case 'error': add('live-error', 'Error: ' + msg.message); break;
    }
  };
  ws.onclose = (e) => {
    add('live-closed', 'Connection closed' + (e.reason ? ': ' + e.reason : ''));
    if (!/finished/.test(now.textContent)) say('No longer watching' + (e.reason ? ': ' + e.reason : '') + '.');
  };
}
on('watch', 'click', (ev) => watchLive(ev.target.dataset.session));
// /coach/sessions/{id}#live (the list's "Watch live" link) starts at once.
if (location.hash === '#live' && document.getElementById('watch')) watchLive(document.getElementById('watch').dataset.session);
