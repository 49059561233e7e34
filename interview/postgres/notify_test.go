package postgres_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/mockinterview/mockinterview/interview"
	"github.com/mockinterview/mockinterview/interview/postgres"
)

func newNotifier(t *testing.T, u string) *postgres.Notifier {
	t.Helper()
	n, err := postgres.NewNotifier(t.Context(), u, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("NewNotifier: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// uniqueID names a session uniquely across parallel tests: they share the
// database's notification channel.
func uniqueID(prefix string) string { return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()) }

func appendOne(t *testing.T, st interview.Store, id string) int64 {
	t.Helper()
	evs, err := st.Save(t.Context(), interview.Change{SessionID: id,
		Events: []interview.Event{{Type: interview.EventScoreDelta, Data: json.RawMessage(`{"turn":1,"text":"x"}`), At: time.Now().UTC()}}})
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	return evs[0].Seq
}

// waitFor reads ch until it yields a seq >= want, failing after within.
func waitFor(t *testing.T, ch <-chan int64, want int64) {
	t.Helper()
	timeout := time.After(within)
	for {
		select {
		case got, ok := <-ch:
			if !ok {
				t.Fatalf("subscription closed waiting for seq %d", want)
			}
			if got >= want {
				return
			}
		case <-timeout:
			t.Fatalf("no notification of seq %d within %v", want, within)
		}
	}
}

// TestNotifyAcrossPools: events saved by one server (pool A) wake a
// subscriber on another (pool B's Notifier), through the database.
func TestNotifyAcrossPools(t *testing.T) {
	t.Parallel()
	u, _ := testSchema(t, nil)
	serverA := openStore(t, u)
	notifierB := newNotifier(t, u)

	id := uniqueID("s-notify")
	other := uniqueID("s-other")
	for _, sid := range []string{id, other} {
		if _, err := serverA.CreateSession(t.Context(), sessionFor(sid), nil); err != nil {
			t.Fatal(err)
		}
	}
	ch, cancel := notifierB.Subscribe(id)
	defer cancel()
	otherCh, cancelOther := notifierB.Subscribe(other)
	defer cancelOther()

	for i := 1; i <= 3; i++ {
		seq := appendOne(t, serverA, id)
		if seq != int64(i) {
			t.Fatalf("seq = %d; want %d", seq, i)
		}
		waitFor(t, ch, seq)
	}
	select {
	case seq := <-otherCh:
		t.Errorf("subscriber of %s woken with seq %d by another session's events", other, seq)
	default:
	}

	// Notify is local: it wakes this process's subscribers at once.
	notifierB.Notify(t.Context(), id, 99)
	waitFor(t, ch, 99)

	cancel()
	if _, ok := <-ch; ok {
		t.Error("channel still open after cancel")
	}
}

// TestNotifierRecovers kills the Notifier's listening connection: it
// reconnects on its own and notifications flow again.
func TestNotifierRecovers(t *testing.T) {
	t.Parallel()
	u, _ := testSchema(t, nil)
	app := fmt.Sprintf("mockinterview-test-listener-%d", time.Now().UnixNano())
	serverA := openStore(t, u)
	notifierB := newNotifier(t, withParams(t, baseURL(t), map[string]string{"application_name": app}))
	admin := adminConn(t, baseURL(t))

	id := uniqueID("s-recover-listen")
	if _, err := serverA.CreateSession(t.Context(), sessionFor(id), nil); err != nil {
		t.Fatal(err)
	}
	ch, cancel := notifierB.Subscribe(id)
	defer cancel()
	waitFor(t, ch, appendOne(t, serverA, id))

	listenerPID := func() int32 {
		var pid int32
		err := admin.QueryRow(t.Context(), `SELECT COALESCE(max(pid), 0) FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&pid)
		if err != nil {
			t.Fatal(err)
		}
		return pid
	}
	old := listenerPID()
	if old == 0 {
		t.Fatalf("no listener connection named %s", app)
	}
	var killed bool
	if err := admin.QueryRow(t.Context(), `SELECT pg_terminate_backend($1)`, old).Scan(&killed); err != nil || !killed {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", old, killed, err)
	}
	// pg_terminate_backend only signals the backend: wait until it is gone,
	// or a notification could still arrive through the old connection.
	killDeadline := time.Now().Add(within)
	for gone := false; !gone; {
		var n int
		if err := admin.QueryRow(t.Context(), `SELECT count(*) FROM pg_stat_activity WHERE pid = $1`, old).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if gone = n == 0; !gone {
			if time.Now().After(killDeadline) {
				t.Fatalf("backend %d still alive after pg_terminate_backend", old)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	// Notifications sent while the listener is away are lost (the
	// subscribers are woken on reconnection instead), so keep appending
	// until one arrives through the new connection.
	deadline := time.Now().Add(within)
	for {
		seq := appendOne(t, serverA, id)
		got := false
		wait := time.After(200 * time.Millisecond)
	drain:
		for {
			select {
			case s := <-ch:
				if s >= seq {
					got = true
					break drain
				}
			case <-wait:
				break drain
			}
		}
		if got {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no notification through a new listener connection within %v", within)
		}
	}
	if pid := listenerPID(); pid == 0 || pid == old {
		t.Errorf("listener pid after recovery = %d; want a new connection (old %d)", pid, old)
	}
}
