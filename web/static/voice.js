// mockinterview voice answers: records the answer in the page with
// getUserMedia and WebAudio into 16 kHz mono 16-bit WAV (no server-side
// decoder needed), uploads it to POST /api/v1/sessions/{id}/turns/{n}/audio
// (stored, then transcribed), puts the transcript in the answer box to be
// corrected, renders delivery beside the score, and reads questions aloud
// with speechSynthesis. Typing stays available at every step; when speech
// is off or fails the page says so and offers the keyboard. app.js calls
// the hooks of window.mockinterviewVoice.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const TARGET_RATE = 16000;
  const PACE_LOW = 130, PACE_HIGH = 160;

  const el = window.mockinterviewDOM.el; // dom.js

  function clock(s) {
    s = Math.max(0, Math.floor(s));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // ---------- WAV in the page ----------

  // downsample mixes Float32 chunks at rate `from` into 16 kHz: a moving
  // average over the ratio (a cheap low-pass), then linear interpolation.
  function downsample(chunks, from) {
    let n = 0;
    for (const c of chunks) n += c.length;
    const input = new Float32Array(n);
    let off = 0;
    for (const c of chunks) { input.set(c, off); off += c.length; }
    if (from === TARGET_RATE) return input;
    const ratio = from / TARGET_RATE;
    const w = Math.max(1, Math.ceil(ratio));
    const smooth = new Float32Array(input.length);
    let sum = 0;
    for (let i = 0; i < input.length; i++) {
      sum += input[i];
      if (i >= w) sum -= input[i - w];
      smooth[i] = sum / Math.min(i + 1, w);
    }
    const out = new Float32Array(Math.floor(input.length / ratio));
    for (let i = 0; i < out.length; i++) {
      const x = i * ratio, j = Math.floor(x), f = x - j;
      out[i] = j + 1 < smooth.length ? smooth[j] * (1 - f) + smooth[j + 1] * f : smooth[smooth.length - 1];
    }
    return out;
  }

  // encodeWAV writes 16 kHz mono 16-bit PCM.
  function encodeWAV(samples) {
    const buf = new ArrayBuffer(44 + samples.length * 2);
    const v = new DataView(buf);
    const str = (o, s) => { for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i)); };
    str(0, "RIFF"); v.setUint32(4, 36 + samples.length * 2, true); str(8, "WAVE");
    str(12, "fmt "); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
    v.setUint32(24, TARGET_RATE, true); v.setUint32(28, TARGET_RATE * 2, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
    str(36, "data"); v.setUint32(40, samples.length * 2, true);
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]));
      v.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return new Blob([buf], { type: "audio/wav" });
  }

  // ---------- state ----------

  const state = {
    caps: null, // GET /api/v1/capabilities → speech
    sessionId: null,
    awaiting: null, // {turn, followup, limitS, text}
    recorder: null, // the recording in progress
    blob: null, // the last recording, not yet uploaded or to upload again
    url: null,
    spoken: {}, // "turn:followup" read aloud already
    inserted: "", // the transcript last put in the answer box
  };

  const capsLoaded = fetch("/api/v1/capabilities", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((r) => (r.ok ? r.json() : null))
    .then((c) => { state.caps = c && c.speech; })
    .catch(() => { state.caps = null; });

  function status(text) { $("voice-status").textContent = text || ""; }

  function canRecord() {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && (window.AudioContext || window.webkitAudioContext));
  }

  // showVoice sets up the recorder for the answer the composer waits for.
  async function showVoice() {
    await capsLoaded;
    const box = $("voice");
    const a = state.awaiting;
    if (!a) { box.hidden = true; return; }
    box.hidden = false;
    const caps = state.caps;
    const off = !caps || !caps.enabled;
    $("record").hidden = off || !canRecord();
    $("voice-off").hidden = !(off || !canRecord());
    if (off) {
      $("voice-off").textContent = (caps && caps.reason) || "Voice answers are not available right now.";
      $("voice-off").textContent += " Type your answer below.";
    } else if (!canRecord()) {
      $("voice-off").textContent = "This browser cannot record here (a secure page is needed for the microphone). Type your answer below.";
    }
    if (!off) $("voice-limit").textContent = "Recordings up to " + clock(caps.max_seconds) + ".";
    $("voice-limit").hidden = off;
  }

  function resetRecording() {
    stopRecorder(true);
    if (state.url) URL.revokeObjectURL(state.url);
    state.blob = null;
    state.url = null;
    const audio = $("playback");
    audio.removeAttribute("src");
    audio.hidden = true;
    $("upload-recording").hidden = true;
    $("record").textContent = "Record answer";
    $("record").setAttribute("aria-pressed", "false");
    $("rec-elapsed").textContent = "";
    $("level").value = 0;
    status("");
  }

  // ---------- recording ----------

  async function startRecording() {
    const a = state.awaiting;
    if (!a) return;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    } catch (e) {
      status("The microphone is not available (" + (e.name === "NotAllowedError" ? "permission was refused" : e.message || e.name) + "). Type your answer instead.");
      $("answer").focus();
      return;
    }
    resetRecording();
    const Ctx = window.AudioContext || window.webkitAudioContext;
    const ctx = new Ctx();
    const source = ctx.createMediaStreamSource(stream);
    // ScriptProcessor works without a separate worklet file (the CSP allows
    // only this origin's scripts, and it keeps the page one plain script).
    const proc = ctx.createScriptProcessor(4096, 1, 1);
    const rec = { ctx, stream, source, proc, chunks: [], started: performance.now(), level: 0, tick: null, max: (state.caps && state.caps.max_seconds) || 300 };
    proc.onaudioprocess = (ev) => {
      const data = ev.inputBuffer.getChannelData(0);
      rec.chunks.push(new Float32Array(data));
      let sum = 0;
      for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
      rec.level = Math.min(1, Math.sqrt(sum / data.length) * 4);
    };
    source.connect(proc);
    proc.connect(ctx.destination);
    state.recorder = rec;
    const limit = a.limitS || 0;
    rec.tick = setInterval(() => {
      const s = (performance.now() - rec.started) / 1000;
      $("rec-elapsed").textContent = clock(s) + (limit ? " of " + clock(limit) : "");
      $("rec-elapsed").classList.toggle("low", limit > 0 && s > limit - 30);
      $("level").value = rec.level;
      if (s >= rec.max) { stopRecording(); status("Stopped at the " + clock(rec.max) + " limit of a recording."); }
    }, 200);
    $("record").textContent = "Stop recording";
    $("record").setAttribute("aria-pressed", "true");
    status("Recording… press Stop recording when you are done.");
  }

  function stopRecorder(discard) {
    const rec = state.recorder;
    if (!rec) return null;
    state.recorder = null;
    clearInterval(rec.tick);
    try { rec.source.disconnect(); rec.proc.disconnect(); } catch (e) { /* already */ }
    for (const t of rec.stream.getTracks()) t.stop();
    const rate = rec.ctx.sampleRate;
    rec.ctx.close();
    return discard ? null : { chunks: rec.chunks, rate, seconds: (performance.now() - rec.started) / 1000 };
  }

  function stopRecording() {
    const got = stopRecorder(false);
    $("record").setAttribute("aria-pressed", "false");
    $("record").textContent = "Record again";
    $("level").value = 0;
    if (!got || got.chunks.length === 0) { status("Nothing was recorded. Try again, or type your answer."); return; }
    state.blob = encodeWAV(downsample(got.chunks, got.rate));
    state.url = URL.createObjectURL(state.blob);
    const audio = $("playback");
    audio.src = state.url;
    audio.hidden = false;
    $("upload-recording").hidden = false;
    $("upload-recording").textContent = "Transcribe recording";
    status("Recorded " + clock(got.seconds) + ". Listen back, record again, or transcribe it into the answer box.");
    $("upload-recording").focus();
  }

  async function upload() {
    const a = state.awaiting;
    if (!a || !state.blob || !state.sessionId) return;
    const button = $("upload-recording");
    button.disabled = true;
    status("Saving and transcribing your recording…");
    let res, data = null;
    try {
      res = await fetch("/api/v1/sessions/" + encodeURIComponent(state.sessionId) + "/turns/" + a.turn + "/audio", {
        method: "POST", credentials: "same-origin", headers: { "Content-Type": "audio/wav", Accept: "application/json" }, body: state.blob,
      });
      try { data = await res.json(); } catch (e) { data = null; }
    } catch (e) {
      status("The recording could not be sent (" + e.message + "). It is kept here: try again, or type your answer.");
      button.disabled = false;
      return;
    }
    button.disabled = false;
    if (!res.ok) {
      const msg = (data && data.error && data.error.message) || "the server answered " + res.status;
      status("The recording was not saved: " + msg + ". Try again, or type your answer.");
      return;
    }
    if (!data.transcript) {
      const msg = (data.transcription_error && data.transcription_error.message) || "no transcript";
      status("Your recording is saved, but it could not be transcribed: " + msg + ". Transcribe again, or type your answer.");
      button.textContent = "Transcribe again";
      return;
    }
    const text = data.transcript.text.trim();
    const box = $("answer");
    // A re-recording's transcript replaces the previous one where it still
    // stands; otherwise it goes after what is in the box.
    if (state.inserted && box.value.includes(state.inserted)) box.value = box.value.replace(state.inserted, text);
    else box.value = box.value.trim() ? box.value.trim() + "\n\n" + text : text;
    state.inserted = text;
    box.dispatchEvent(new Event("input", { bubbles: true })); // saved as a draft
    button.hidden = true;
    const d = data.transcript.delivery || {};
    status(text
      ? "Transcript placed in the answer box (" + Math.round(d.words_per_minute || 0) + " words a minute). Correct it if needed, then submit."
      : "No words were recognized in the recording. Record again closer to the microphone, or type your answer.");
    box.focus();
  }

  // ---------- questions read aloud ----------

  const tts = {
    supported: "speechSynthesis" in window,
    settings() {
      try { return JSON.parse(localStorage.getItem("mi.tts") || "{}"); } catch (e) { return {}; }
    },
    save(s) { try { localStorage.setItem("mi.tts", JSON.stringify(s)); } catch (e) { /* private mode */ } },
    voices() { return this.supported ? speechSynthesis.getVoices().filter((v) => /^en/i.test(v.lang)) : []; },
    speak(text) {
      if (!this.supported || !text) return;
      const s = this.settings();
      speechSynthesis.cancel();
      const u = new SpeechSynthesisUtterance(text);
      const v = this.voices().find((x) => x.name === s.voice);
      if (v) u.voice = v;
      u.rate = s.rate || 1;
      speechSynthesis.speak(u);
    },
  };

  function setupTTS() {
    const panel = $("tts");
    if (!tts.supported) { panel.hidden = true; return; }
    panel.hidden = false;
    const s = tts.settings();
    $("read-aloud").checked = !!s.on;
    $("tts-rate").value = s.rate || 1;
    const fill = () => {
      const select = $("tts-voice");
      const current = tts.settings().voice;
      select.replaceChildren(el("option", { value: "" }, "Default voice"));
      for (const v of tts.voices()) select.append(el("option", { value: v.name, selected: v.name === current }, v.name + " (" + v.lang + ")"));
    };
    fill();
    speechSynthesis.addEventListener("voiceschanged", fill);
    const store = () => tts.save({ on: $("read-aloud").checked, voice: $("tts-voice").value, rate: parseFloat($("tts-rate").value) || 1 });
    $("read-aloud").addEventListener("change", () => { store(); if (!$("read-aloud").checked) speechSynthesis.cancel(); });
    $("tts-voice").addEventListener("change", store);
    $("tts-rate").addEventListener("change", store);
    $("read-question").addEventListener("click", () => state.awaiting && tts.speak(state.awaiting.text));
  }

  // ---------- delivery and replay ----------

  function renderDelivery(d) {
    const box = el("div", { class: "delivery" });
    box.append(el("h3", { text: "Delivery" }));
    const dl = el("dl");
    const row = (k, v) => dl.append(el("dt", { text: k }), el("dd", { text: v }));
    row("Pace", Math.round(d.words_per_minute) + " words a minute over " + (d.speaking_time || 0).toFixed(1) + " s of speaking (easy to follow: " + PACE_LOW + "–" + PACE_HIGH + ")");
    const pauses = d.pauses || [];
    row("Pauses", pauses.length ? pauses.length + " of 1 s or more, the longest " + d.longest_pause.toFixed(1) + " s" : "none over 1 s");
    row("Filler words", d.filler_count ? d.filler_count + " (" + d.filler_rate + " per 100 words): " + [...new Set((d.fillers || []).map((f) => f.word))].join(", ") : "none");
    box.append(dl);
    const long = pauses.filter((p) => p.duration >= 3);
    if (long.length) {
      box.append(el("p", { class: "hint" }, "Long pauses: ", long.map((p) => p.duration.toFixed(1) + " s at “" + p.context + "”" + (p.part ? " (" + p.part + ")" : "")).join("; ")));
    }
    if ((d.feedback || []).length) box.append(el("ul", { class: "delivery-feedback" }, ...d.feedback.map((f) => el("li", { text: f }))));
    return box;
  }

  function renderRecordings(parent, sessionId, turn) {
    for (const r of turn.recordings || []) {
      const label = r.followup ? "Recording of follow-up " + r.followup : "Recording of your answer";
      const src = "/api/v1/sessions/" + encodeURIComponent(sessionId) + "/turns/" + turn.turn + "/audio" + (r.followup ? "?followup=" + r.followup : "");
      parent.append(el("div", { class: "recording" },
        el("p", { class: "hint", text: label + " (" + clock(r.duration_ms / 1000) + ")" }),
        el("audio", { controls: true, preload: "none", src, "aria-label": label })));
    }
  }

  // ---------- hooks for app.js ----------

  window.mockinterviewVoice = {
    // await is called when the composer opens for an answer (a), or
    // closes (a null); same is true when it is the answer already open.
    await(sessionId, a, same) {
      state.sessionId = sessionId;
      if (!a) { state.awaiting = null; resetRecording(); $("voice").hidden = true; return; }
      state.awaiting = a;
      if (!same) {
        resetRecording();
        state.inserted = "";
        const key = a.turn + ":" + a.followup;
        if ($("read-aloud").checked && !state.spoken[key] && a.text) { state.spoken[key] = true; tts.speak(a.text); }
      }
      showVoice();
    },
    submitted() { resetRecording(); },
    renderDelivery,
    renderRecordings,
  };

  $("record").addEventListener("click", () => (state.recorder ? stopRecording() : startRecording()));
  $("upload-recording").addEventListener("click", upload);
  setupTTS();
})();
