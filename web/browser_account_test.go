package web_test

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mockinterview/mockinterview/interview"
)

// TestBrowserAccounts walks the account flows in Chromium: a guest sees
// what an account gives next to Sign up and Log in; sign-up shows a
// mismatched confirmation and a common password at their fields and
// creates nothing; "Show password" turns the inputs to text; signed in,
// the candidate page shows the email, the role and Log out, and the
// footer no longer says no account is needed; logging out lands on the
// login page saying so; "Forgot password?" makes a link (read from the
// server log), the reset page sets a new password, the login page says so,
// the old password fails and the new one signs in. Screenshots go to the
// test's temp dir (or $MOCKINTERVIEW_SCREENSHOTS) as account-*.png.
func TestBrowserAccounts(t *testing.T) {
	logs := &logBuffer{}
	srv := newAccountServerLogging(t, slog.New(slog.NewTextHandler(logs, nil)))
	b := newTab(t, browserContext(t))
	const email = "dana@example.com"
	const newPassword = "a brand new passphrase"
	// A page still laying out after a navigation has no size yet: wait
	// for it, and try again, as TestBrowserCoachReview does.
	shot := func(name string) {
		t.Helper()
		for try := 0; ; try++ {
			b.poll("the page laid out", `document.readyState === 'complete' && document.body.offsetWidth > 0 ? 'ok' : ''`)
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err == nil {
				if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if try == 4 || !strings.Contains(err.Error(), "(-32000)") {
				t.Fatalf("screenshot %s: %v", name, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	clear := func(id string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](`document.getElementById('` + id + `').value = ''`)
	}

	// A guest.
	b.do("open the candidate page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#setup-title")))
	b.poll("the guest's header", `document.getElementById('account').dataset.state === 'guest' && document.getElementById('signup-link') && document.getElementById('login-link') ? 'ok' : ''`)
	if foot := b.poll("the footer", `document.getElementById('footer-note').textContent`); !strings.Contains(foot, "keep your history across devices") ||
		!strings.Contains(foot, "share interviews with a coach") || !strings.Contains(foot, "progress over time") {
		t.Errorf("guest footer %q does not say what an account gives", foot)
	}
	shot("account-1-guest")

	// Sign up: the errors at their fields.
	b.do("open the sign-up page", chromedp.Click(chromedp.CSS("#signup-link")))
	b.poll("the sign-up page", `location.pathname === '/signup' && document.getElementById('auth-confirm') ? 'ok' : ''`)
	if gives := b.poll("what an account gives", `document.getElementById('account-gives')?.innerText || ''`); !strings.Contains(gives, "across devices") {
		t.Errorf("sign-up page: %q does not say what an account gives", gives)
	}
	b.do("sign up with a mismatched confirmation",
		chromedp.SendKeys(chromedp.CSS("#auth-email"), email),
		chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
		chromedp.SendKeys(chromedp.CSS("#auth-confirm"), testPassword+"x"),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	if msg := b.poll("the confirmation error", `document.getElementById('auth-confirm-error').textContent`); !strings.Contains(msg, "does not match") {
		t.Errorf("confirmation error %q", msg)
	}
	if inv := b.poll("the confirmation marked invalid", `document.getElementById('auth-confirm').getAttribute('aria-invalid') || ''`); inv != "true" {
		t.Errorf("aria-invalid = %q on the confirmation", inv)
	}
	shot("account-2-confirm-mismatch")
	if _, err := srv.ts.store.UserByEmail(t.Context(), email); !errors.Is(err, interview.ErrUserNotFound) {
		t.Fatalf("a mismatched sign-up made an account (%v)", err)
	}

	b.do("show the password", chromedp.Click(chromedp.CSS("#auth-show")))
	if types := b.poll("inputs as text", `document.getElementById('auth-password').type + ',' + document.getElementById('auth-confirm').type`); types != "text,text" {
		t.Errorf("after Show password the inputs are %q; want text,text", types)
	}
	b.do("hide the password", chromedp.Click(chromedp.CSS("#auth-show")))
	if types := b.poll("inputs as passwords", `document.getElementById('auth-password').type + ',' + document.getElementById('auth-confirm').type`); types != "password,password" {
		t.Errorf("after hiding the inputs are %q; want password,password", types)
	}

	b.do("sign up with a common password",
		clear("auth-password"), clear("auth-confirm"),
		chromedp.SendKeys(chromedp.CSS("#auth-password"), "Password123"),
		chromedp.SendKeys(chromedp.CSS("#auth-confirm"), "Password123"),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	if msg := b.poll("the weak password error", `document.getElementById('auth-password-error').textContent`); !strings.Contains(msg, "most common passwords") {
		t.Errorf("weak password error %q", msg)
	}
	shot("account-3-weak-password")

	b.do("sign up",
		clear("auth-password"), clear("auth-confirm"),
		chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
		chromedp.SendKeys(chromedp.CSS("#auth-confirm"), testPassword),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	b.poll("signed in on the candidate page", `location.pathname === '/' && document.getElementById('account').dataset.state === 'signed-in' ? 'ok' : ''`)
	if who := b.poll("who is signed in", `document.getElementById('whoami').textContent`); !strings.Contains(who, email) || !strings.Contains(who, "(candidate)") {
		t.Errorf("header says %q; want the email and the role", who)
	}
	if foot := b.poll("the footer", `document.getElementById('footer-note').textContent`); strings.Contains(foot, "no account needed") || !strings.Contains(foot, email) {
		t.Errorf("signed-in footer %q", foot)
	}
	shot("account-4-signed-in")

	// Log out.
	b.do("log out", chromedp.Click(chromedp.CSS("#logout")))
	if notice := b.poll("the logged-out notice", `location.pathname === '/login' ? (document.getElementById('auth-notice')?.textContent || '') : ''`); notice != "You are logged out." {
		t.Errorf("login page notice %q", notice)
	}
	shot("account-5-logged-out")

	// Forgot password.
	b.do("open Forgot password", chromedp.SendKeys(chromedp.CSS("#auth-email"), email), chromedp.Click(chromedp.CSS("#forgot-open")))
	if got := b.poll("the email carried over", `document.getElementById('forgot-email').value`); got != email {
		t.Errorf("forgot email %q; want %q", got, email)
	}
	b.do("ask for a link", chromedp.Click(chromedp.CSS("#forgot-submit")))
	if msg := b.poll("the answer", `document.getElementById('forgot-result').hidden ? '' : document.getElementById('forgot-result').textContent`); !strings.Contains(msg, "If an account has this email") {
		t.Errorf("forgot answer %q", msg)
	}
	shot("account-6-forgot")
	// The link is made after the answer (the reset queue).
	links := waitForLinks(t, logs, email, 1)
	if len(links) != 1 {
		t.Fatalf("reset links logged for %s: %v\nlog:\n%s", email, links, logs)
	}

	b.do("open the reset link", chromedp.Navigate(links[0]), chromedp.WaitVisible(chromedp.CSS("#reset-form")))
	b.do("show the new password", chromedp.Click(chromedp.CSS("#reset-show")))
	if types := b.poll("reset inputs as text", `document.getElementById('reset-password').type + ',' + document.getElementById('reset-confirm').type`); types != "text,text" {
		t.Errorf("reset page: after Show password the inputs are %q", types)
	}
	b.do("mismatch", chromedp.SendKeys(chromedp.CSS("#reset-password"), newPassword), chromedp.SendKeys(chromedp.CSS("#reset-confirm"), "something else"),
		chromedp.Click(chromedp.CSS("#reset-submit")))
	if msg := b.poll("the reset confirmation error", `document.getElementById('reset-confirm-error').textContent`); !strings.Contains(msg, "does not match") {
		t.Errorf("reset confirmation error %q", msg)
	}
	b.do("set the new password", clear("reset-confirm"), chromedp.SendKeys(chromedp.CSS("#reset-confirm"), newPassword),
		chromedp.Click(chromedp.CSS("#reset-submit")))
	if notice := b.poll("the password-changed notice", `location.pathname === '/login' ? (document.getElementById('auth-notice')?.textContent || '') : ''`); notice != "Password changed; log in with the new one." {
		t.Errorf("login page notice after the reset %q", notice)
	}
	shot("account-7-password-changed")

	b.do("log in with the old password",
		chromedp.SendKeys(chromedp.CSS("#auth-email"), email), chromedp.SendKeys(chromedp.CSS("#auth-password"), testPassword),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	if msg := b.poll("the login error", `document.getElementById('auth-error').textContent`); !strings.Contains(msg, "wrong email or password") {
		t.Errorf("old password: error %q", msg)
	}
	b.do("log in with the new password",
		clear("auth-password"), chromedp.SendKeys(chromedp.CSS("#auth-password"), newPassword),
		chromedp.Click(chromedp.CSS("#auth-submit")))
	b.poll("signed in again", `location.pathname === '/' && document.getElementById('account').dataset.state === 'signed-in' ? 'ok' : ''`)

	// The used link no longer works.
	b.do("open the used link", chromedp.Navigate(links[0]), chromedp.WaitVisible(chromedp.CSS("#reset-invalid")))
	shot("account-8-link-used")
}
