package web

import (
	"bufio"
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/mockinterview/mockinterview/interview"
)

// Passwords are kept only as bcrypt hashes (docs/accounts.md). bcrypt reads
// at most 72 bytes, so longer passwords are refused rather than silently
// cut. A new password (sign-up, reset, "mockinterview users") must also not
// be blank, whitespace only, one character repeated, or one of the most
// common passwords (common_passwords.txt, embedded).
const (
	MinPasswordChars = 8
	MaxPasswordBytes = 72
	passwordCost     = 11
)

// CodeWeakPassword is the error code of a password that is long enough
// but too easy to guess.
const CodeWeakPassword = "weak_password"

// ErrWrongPassword means a password does not match its hash.
var ErrWrongPassword = errors.New("wrong password")

//go:embed common_passwords.txt
var commonPasswordsFile string

// commonPasswords is the embedded list as a set of lower-case passwords.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 4096)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsFile))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[line] = struct{}{}
	}
	return set
})

// IsCommonPassword reports whether password, lower-cased and trimmed, is
// in the embedded list of common passwords.
func IsCommonPassword(password string) bool {
	_, ok := commonPasswords()[strings.ToLower(strings.TrimSpace(password))]
	return ok
}

func weakPassword(message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeWeakPassword, Field: "password", Message: message}
}

// CheckPasswordRules says what is wrong with a new password: a validation
// error (invalid_field) for its length, a weak_password error when it is
// long enough but easy to guess; both name the field "password".
func CheckPasswordRules(password string) error {
	if utf8.RuneCountInString(password) < MinPasswordChars {
		return &interview.ValidationError{Field: "password",
			Message: fmt.Sprintf("must be at least %d characters long", MinPasswordChars)}
	}
	if len(password) > MaxPasswordBytes {
		return &interview.ValidationError{Field: "password",
			Message: fmt.Sprintf("must be at most %d bytes long", MaxPasswordBytes)}
	}
	if strings.TrimFunc(password, unicode.IsSpace) == "" {
		return weakPassword("is only spaces: choose one with letters, digits or symbols")
	}
	if first, _ := utf8.DecodeRuneInString(password); strings.Trim(password, string(first)) == "" {
		return weakPassword("is one character repeated: choose a longer phrase of several words")
	}
	if IsCommonPassword(password) {
		return weakPassword("is one of the most common passwords, the first ones an attacker tries: choose another, e.g. a phrase of several unrelated words")
	}
	return nil
}

// hashNewPassword is HashPassword for a new password sent from a form
// with its confirmation (sign-up, reset); an empty confirmation means the
// client sent none.
func hashNewPassword(password, confirmation string) (string, error) {
	if confirmation != "" && confirmation != password {
		return "", badRequest(CodeInvalidField, "confirm_password", "does not match the password: type the same password twice")
	}
	return HashPassword(password)
}

// HashPassword checks the password's rules and returns its bcrypt hash.
func HashPassword(password string) (string, error) {
	if err := CheckPasswordRules(password); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), passwordCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword returns nil when password matches hash, else
// ErrWrongPassword.
func CheckPassword(hash, password string) error {
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return ErrWrongPassword
	}
	return nil
}

// NewUserID makes the random id of a new account.
func NewUserID() string {
	var b [12]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b[:])
}
