// Accounts on every page (docs/accounts.md, docs/ui.md): the signed-in
// state in the candidate page's header and footer (GET /api/v1/auth/me),
// "Log out" (to /login?logged_out=1), the login and sign-up forms with the
// password confirmation and the show-password toggle, "Forgot password?"
// and the reset page. Errors are shown at the field the server names.
// Requests go to this origin only (the server's CSRF check).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  // The JSON call (an error carries the server's message, status and
  // field) and the element builder: dom.js, loaded first on every page.
  const { api: call, el } = window.mockinterviewDOM;

  // fieldErrors shows err at its field (prefix-<field>-error) when the page
  // has that element, else in the form's general error; it marks the input
  // invalid for assistive technology.
  function clearErrors(form) {
    form.querySelectorAll('.error').forEach((p) => { p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
  }
  function showError(prefix, field, message) {
    const names = { email: 'email', password: 'password', confirm_password: 'confirm' };
    const name = names[field];
    const at = name && $(prefix + '-' + name + '-error');
    if (at) {
      const capital = field === 'confirm_password' ? 'The confirmation ' : 'The ' + field + ' ';
      at.textContent = capital + message;
      const input = $(prefix + '-' + name);
      if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
      return;
    }
    $(prefix + '-error').textContent = message;
  }

  async function logOut() {
    await call('POST', '/api/v1/auth/logout').catch(() => {});
    location.href = '/login?logged_out=1';
  }

  // Show-password toggles: every password input of the toggle's form.
  document.querySelectorAll('.show-password-toggle').forEach((box) => {
    box.addEventListener('change', () => {
      box.form.querySelectorAll('input[type=password], input[data-password]').forEach((input) => {
        input.dataset.password = '1';
        input.type = box.checked ? 'text' : 'password';
      });
    });
  });

  const logout = $('logout');
  if (logout) logout.addEventListener('click', logOut);

  // Login and sign-up (also the invite page's sign-up).
  const auth = $('auth-form');
  if (auth) auth.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(auth);
    const signup = auth.dataset.mode === 'signup';
    const body = { email: $('auth-email').value, password: $('auth-password').value };
    if (!body.email.trim()) { showError('auth', 'email', 'is required'); return; }
    if (!body.password) { showError('auth', 'password', 'is required'); return; }
    if (signup) {
      body.confirm_password = $('auth-confirm').value;
      if (body.confirm_password !== body.password) {
        showError('auth', 'confirm_password', 'does not match the password: type the same password twice');
        return;
      }
      const invite = $('auth-invite');
      if (invite && invite.value) body.invite = invite.value;
    }
    try {
      const out = await call('POST', '/api/v1/auth/' + auth.dataset.mode, body);
      let next = auth.dataset.next;
      if (!next) next = out.user.role === 'candidate' ? '/' : '/coach';
      location.href = next;
    } catch (e) {
      showError('auth', e.field, e.message);
    }
  });

  // Forgot password: always the same answer, whether or not the email has
  // an account.
  const forgot = $('forgot-form');
  if (forgot) forgot.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(forgot);
    const result = $('forgot-result');
    result.hidden = true;
    const email = $('forgot-email').value;
    if (!email.trim()) { $('forgot-error').textContent = 'Type the email of your account.'; return; }
    try {
      const out = await call('POST', '/api/v1/auth/forgot', { email });
      result.textContent = out.message;
      result.hidden = false;
    } catch (e) {
      $('forgot-error').textContent = e.message;
    }
  });
  // The login form's email carries over to the forgot form.
  const forgotOpen = $('forgot');
  if (forgotOpen) forgotOpen.addEventListener('toggle', () => {
    if (forgotOpen.open && !$('forgot-email').value) $('forgot-email').value = $('auth-email').value;
  });

  // The reset page.
  const reset = $('reset-form');
  if (reset) reset.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(reset);
    const password = $('reset-password').value;
    const confirm = $('reset-confirm').value;
    if (!password) { showError('reset', 'password', 'is required'); return; }
    if (confirm !== password) {
      showError('reset', 'confirm_password', 'does not match the password: type the same password twice');
      return;
    }
    try {
      await call('POST', '/api/v1/auth/reset', { token: reset.dataset.token, password, confirm_password: confirm });
      location.href = '/login?reset=1';
    } catch (e) {
      showError('reset', e.field, e.message);
    }
  });

  // The candidate page's header and footer: who is signed in, or what an
  // account gives next to Sign up and Log in.
  const slot = $('account');
  if (slot) {
    call('GET', '/api/v1/auth/me').then((me) => {
      const u = me.user;
      slot.replaceChildren(
        el('span', { id: 'whoami', class: 'who', 'data-role': u.role }, 'Signed in as ', el('strong', { class: 'who-email' }, u.email), ' ',
          el('span', { class: 'who-role' }, '(' + u.role + ')')),
        ' ',
        el('button', { type: 'button', id: 'logout', class: 'link' }, 'Log out'));
      $('logout').addEventListener('click', logOut);
      slot.dataset.state = 'signed-in';
      const note = $('footer-note');
      if (note) note.textContent = 'Transcripts are kept on this server, in the account of ' + u.email + '.';
    }).catch((e) => {
      if (e.status !== 401) { slot.dataset.state = 'unavailable'; return; } // no accounts on this server
      slot.replaceChildren(
        el('a', { href: '/login', id: 'login-link' }, 'Log in'), ' ',
        el('a', { href: '/signup', id: 'signup-link', class: 'button-link' }, 'Sign up'));
      slot.dataset.state = 'guest';
      const note = $('footer-note');
      if (note) {
        note.replaceChildren('Transcripts are kept on this server. As a guest, this browser is recognised by a cookie; no account needed. ',
          el('a', { href: '/signup' }, 'Sign up'),
          ' to keep your history across devices, share interviews with a coach and see your progress over time, or ',
          el('a', { href: '/login' }, 'log in'), '.');
      }
    });
  }
})();
