package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/mockinterview/mockinterview/interview"
)

// Passwords are kept only as bcrypt hashes (docs/accounts.md). bcrypt reads
// at most 72 bytes, so longer passwords are refused rather than silently
// cut.
const (
	MinPasswordChars = 8
	MaxPasswordBytes = 72
	passwordCost     = 11
)

// ErrWrongPassword means a password does not match its hash.
var ErrWrongPassword = errors.New("wrong password")

// CheckPasswordRules says what is wrong with a new password, as a
// validation error naming the field "password".
func CheckPasswordRules(password string) error {
	if utf8.RuneCountInString(password) < MinPasswordChars {
		return &interview.ValidationError{Field: "password",
			Message: fmt.Sprintf("must be at least %d characters long", MinPasswordChars)}
	}
	if len(password) > MaxPasswordBytes {
		return &interview.ValidationError{Field: "password",
			Message: fmt.Sprintf("must be at most %d bytes long", MaxPasswordBytes)}
	}
	return nil
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
