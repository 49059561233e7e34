// The coach's pages and the account pages: send the forms to the JSON API,
// turn a selected passage of an answer into UTF-8 byte offsets (the spans
// of the API), and follow a live interview read-only. Requests go to this
// same origin, so the browser marks them same-origin (Sec-Fetch-Site),
// which is what the server's cross-origin protection checks.
'use strict';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function api(method, path, body) {
  const init = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  let data = null;
  const text = await res.text();
  if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
  if (!res.ok) {
    const msg = data && data.error ? data.error.message : 'request failed (' + res.status + ')';
    throw new Error(msg);
  }
  return data;
}

function on(id, event, fn) {
  const el = document.getElementById(id);
  if (el) el.addEventListener(event, fn);
  return el;
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
document.querySelectorAll('.invite-link').forEach((el) => { el.textContent = location.origin + el.dataset.path; });
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
  const bytes = enc.encode(answer.textContent);
  return { answer, start, end, quote: dec.decode(bytes.slice(start, end)) };
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

document.querySelectorAll('.comment-form').forEach((form) => form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    await api('POST', '/api/v1/sessions/' + sessionID + '/turns/' + form.dataset.turn + '/comments', {
      start: +form.elements.start.value, end: +form.elements.end.value,
      quote: form.dataset.quote || '', body: form.elements.body.value,
    });
    location.reload();
  } catch (e) {
    form.querySelector('.form-error').textContent = e.message;
  }
}));

document.querySelectorAll('.override-form').forEach((form) => form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    await api('PUT', '/api/v1/sessions/' + sessionID + '/turns/' + form.dataset.turn + '/override', {
      overall: +form.elements.overall.value, reason: form.elements.reason.value,
    });
    location.reload();
  } catch (e) {
    form.querySelector('.form-error').textContent = e.message;
  }
}));

on('share', 'click', async (ev) => {
  const out = document.getElementById('share-link');
  try {
    const s = await api('POST', '/api/v1/sessions/' + ev.target.dataset.session + '/shares', {});
    out.textContent = location.origin + s.url + ' (until ' + new Date(s.expires_at).toLocaleDateString() + ')';
  } catch (e) {
    out.textContent = e.message;
  }
});

// Watching a live interview: resume from the start and list what happens.
// The server takes nothing else from a watcher.
on('watch', 'click', (ev) => {
  ev.target.disabled = true;
  const section = document.getElementById('live');
  const log = document.getElementById('live-log');
  section.hidden = false;
  const proto = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const ws = new WebSocket(proto + location.host + '/api/v1/sessions/' + ev.target.dataset.session + '/live');
  const add = (cls, text) => {
    const li = document.createElement('li');
    li.className = cls;
    li.textContent = text;
    log.appendChild(li);
  };
  ws.onopen = () => ws.send(JSON.stringify({ type: 'resume', last_seq: 0 }));
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    switch (msg.type) {
      case 'question': add('live-question', 'Question ' + msg.turn + ': ' + msg.text); break;
      case 'answer.ack': add('live-answer', 'Answer to question ' + msg.turn + ' received'); break;
      case 'score': add('live-score', 'Question ' + msg.turn + ' scored ' + msg.result.overall); break;
      case 'followup': add('live-followup', 'Follow-up on question ' + msg.turn + ': ' + msg.text); break;
      case 'finished': add('live-finished', 'Interview finished'); break;
      case 'error': add('live-error', 'Error: ' + msg.message); break;
    }
  };
  ws.onclose = (e) => add('live-closed', 'Connection closed' + (e.reason ? ': ' + e.reason : ''));
});
