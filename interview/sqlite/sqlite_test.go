package sqlite

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenPragmas checks that the DSN's settings take effect on every
// pooled connection, not just the first.
func TestOpenPragmas(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "odd name #1?.db") // escaped into the file: URI
	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer st.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not created under its own name: %v", err)
	}
	// Hold two connections at once so the pool opens a second one.
	var conns []*sql.Conn
	for range 2 {
		c, err := st.db.Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		for _, p := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"synchronous", "2"}, // FULL
			{"busy_timeout", "5000"},
			{"foreign_keys", "1"},
		} {
			var got string
			if err := c.QueryRowContext(t.Context(), "PRAGMA "+p.pragma).Scan(&got); err != nil {
				t.Fatalf("conn %d: PRAGMA %s: %v", i, p.pragma, err)
			}
			if got != p.want {
				t.Errorf("conn %d: PRAGMA %s = %s; want %s", i, p.pragma, got, p.want)
			}
		}
	}
}
