// dom.js: the element builder every script of the candidate's page uses
// (app.js, voice.js, tailor.js, summary.js, coaching.js), loaded before
// them. el(tag, {class, text, attr: value}, ...children): attributes that
// are undefined, null or false are left out, true is an empty attribute;
// children that are not nodes become text (null and undefined are skipped).
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
});
