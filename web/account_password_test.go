package web_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/web"
)

func TestCheckPasswordRules(t *testing.T) {
	for _, c := range []struct {
		name, password string
		code           string // "" for accepted; "invalid_field" for a length error
		says           string
	}{
		{"a phrase", "correct horse battery", "", ""},
		{"unusual mix", "Tr0ub4dor&3x", "", ""},
		{"empty", "", web.CodeInvalidField, "at least 8 characters"},
		{"too short", "abc123", web.CodeInvalidField, "at least 8 characters"},
		{"too long", strings.Repeat("ab", 37), web.CodeInvalidField, "at most 72 bytes"},
		{"spaces only", "          ", web.CodeWeakPassword, "only spaces"},
		{"tabs and spaces", " \t \t \t \t ", web.CodeWeakPassword, "only spaces"},
		{"one character repeated", "aaaaaaaaaa", web.CodeWeakPassword, "one character repeated"},
		{"common", "password", web.CodeWeakPassword, "most common passwords"},
		{"common, other case", "PassWord1", web.CodeWeakPassword, "most common passwords"},
		{"common, padded", "  iloveyou  ", web.CodeWeakPassword, "most common passwords"},
		{"common digits", "12345678", web.CodeWeakPassword, "most common passwords"},
		{"common keyboard walk", "qwertyuiop", web.CodeWeakPassword, "most common passwords"},
		{"an addition of ours", "p@ssw0rd", web.CodeWeakPassword, "most common passwords"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := web.CheckPasswordRules(c.password)
			if c.code == "" {
				if err != nil {
					t.Fatalf("CheckPasswordRules(%q) = %v; want nil", c.password, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckPasswordRules(%q) = nil; want a %s error", c.password, c.code)
			}
			if !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "password") {
				t.Errorf("CheckPasswordRules(%q) = %q; want it to name the password and say %q", c.password, err, c.says)
			}
			var we *web.Error
			var ve *interview.ValidationError
			switch {
			case c.code == web.CodeWeakPassword && (!errors.As(err, &we) || we.Code != c.code || we.Field != "password" || we.Status != 400):
				t.Errorf("CheckPasswordRules(%q) = %#v; want a 400 weak_password error on field password", c.password, err)
			case c.code == web.CodeInvalidField && (!errors.As(err, &ve) || ve.Field != "password"):
				t.Errorf("CheckPasswordRules(%q) = %#v; want a validation error on field password", c.password, err)
			}
			if _, herr := web.HashPassword(c.password); herr == nil {
				t.Errorf("HashPassword(%q) accepted what CheckPasswordRules refuses", c.password)
			}
		})
	}
}

// TestCommonPasswordList: the embedded list is loaded whole (the source
// has 3546 entries; see docs/accounts.md), lower-case, and does not hold
// the passphrases the tests and docs use.
func TestCommonPasswordList(t *testing.T) {
	for _, p := range []string{"123456", "password", "qwerty", "letmein", "dragon", "monkey", "trustno1", "sunshine", "1q2w3e4r"} {
		if !web.IsCommonPassword(p) {
			t.Errorf("IsCommonPassword(%q) = false; want true", p)
		}
	}
	for _, p := range []string{"correct horse battery", "a long password", "another password", "long enough pw", "#!comment: this list"} {
		if web.IsCommonPassword(p) {
			t.Errorf("IsCommonPassword(%q) = true; want false", p)
		}
	}
}

// TestCommonPasswordFile: the embedded file is what docs/accounts.md says:
// between 1,000 and 10,000 entries, each lower-case, trimmed and once.
func TestCommonPasswordFile(t *testing.T) {
	data, err := os.ReadFile("common_passwords.txt")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	n := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		n++
		switch {
		case line == "" || strings.TrimSpace(line) != line:
			t.Errorf("line %d: %q is empty or padded", i+1, line)
		case strings.ToLower(line) != line:
			t.Errorf("line %d: %q is not lower-case (the check lower-cases the password)", i+1, line)
		case seen[line] != 0:
			t.Errorf("line %d: %q is already on line %d", i+1, line, seen[line])
		}
		seen[line] = i + 1
		if !web.IsCommonPassword(line) {
			t.Errorf("line %d: IsCommonPassword(%q) = false", i+1, line)
		}
	}
	if n < 1000 || n > 10000 {
		t.Errorf("%d entries; want 1,000 to 10,000", n)
	}
}

func TestSignupPasswordChecks(t *testing.T) {
	srv := newAccountServer(t)
	for _, c := range []struct {
		name, body, code, field string
		status                  int
	}{
		{"common password", `{"email":"a@example.com","password":"password123"}`, web.CodeWeakPassword, "password", 400},
		{"blank password", `{"email":"a@example.com","password":"         "}`, web.CodeWeakPassword, "password", 400},
		{"confirmation differs", `{"email":"a@example.com","password":"correct horse battery","confirm_password":"correct horse batery"}`, web.CodeInvalidField, "confirm_password", 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, srv.ts.do(t, "POST", "/api/v1/auth/signup", []byte(c.body)), c.status, c.code, c.field)
		})
	}
	res := srv.ts.do(t, "POST", "/api/v1/auth/signup", []byte(`{"email":"a@example.com","password":"correct horse battery","confirm_password":"correct horse battery"}`))
	if res.status != 201 {
		t.Fatalf("signup with a matching confirmation = %d %s; want 201", res.status, res.body)
	}
}
