// dom.js: what every script of the pages shares, loaded before them: the
// candidate's page (app.js, voice.js, tailor.js, summary.js, coaching.js,
// account.js; index.html) and the coach's and account pages (coach.js,
// account.js; the head template of coach/pages.tmpl).
// el(tag, {class, text, attr: value}, ...children): attributes that are
// undefined, null or false are left out, true is an empty attribute;
// children that are not nodes become text (null and undefined are skipped).
// api(method, path, body, isForm): a JSON call (a FormData body when
// isForm) returning the decoded answer; a non-2xx answer throws an Error
// with the server's message, its status and the field it names.
"use strict";

window.mockinterviewDOM = Object.freeze({
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  },

  async api(method, path, body, isForm) {
    const opts = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (isForm) opts.body = body;
    else if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(path, opts);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const err = new Error((data && data.error && data.error.message) || "the server answered " + res.status);
      err.status = res.status;
      err.field = data && data.error && data.error.field;
      throw err;
    }
    return data;
  },
});
