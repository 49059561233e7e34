#!/usr/bin/env bash
# Load test of live interviews: builds mockinterview and scripts/liveload,
# starts "serve" on a loopback port with a throwaway database (SQLite, or
# PostgreSQL with STORE=postgres: a throwaway cluster from scripts/pg.sh),
# opens N idle live interviews (each a new guest who creates a session,
# opens its websocket and reads the first question) and prints the open
# rate, the time to the first question and the server's RSS per
# connection, then stops everything.
#
#   scripts/liveload.sh                    # 2,000 interviews on SQLite
#   N=10000 scripts/liveload.sh            # 10,000
#   STORE=postgres N=2000 scripts/liveload.sh
#   N=10000 C=16 GOGC=50 PORT=18090 scripts/liveload.sh
#
# Figures and what they mean: docs/performance.md, "Idle live interviews".
set -euo pipefail
cd "$(dirname "$0")/.."

export GOTOOLCHAIN=local
PORT=${PORT:-18090} # loopback, below 32768
N=${N:-2000}
WARMUP=${WARMUP:-200}
C=${C:-8}
HOLD=${HOLD:-5s}
STORE=${STORE:-sqlite}
PROFILES=${PROFILES:-} # a folder: save the server's heap and goroutine profiles there

tmp=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid"
		wait "$server_pid" || true
	fi
	if [ "$STORE" = postgres ]; then pg_stop; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "liveload: building" >&2
go build -o "$tmp/mockinterview" ./cmd/mockinterview
go build -o "$tmp/liveload" ./scripts/liveload

db=(--db "$tmp/live.db")
debug=()
prof=()
if [ -n "$PROFILES" ]; then
	mkdir -p "$PROFILES"
	debug=(--debug-addr "127.0.0.1:$((PORT + 1))")
	prof=(-debug "http://127.0.0.1:$((PORT + 1))" -profiles "$PROFILES")
fi
if [ "$STORE" = postgres ]; then
	. scripts/pg.sh
	pg_start
	db=(--database-url "$MOCKINTERVIEW_TEST_DATABASE_URL")
fi

# Both processes need a descriptor per connection and a few more.
ulimit -n "$(ulimit -Hn)"
"$tmp/mockinterview" serve --addr "127.0.0.1:$PORT" "${db[@]}" --rate-limit 0 --llm off "${debug[@]}" \
	>"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
for _ in $(seq 300); do
	grep -q "listening on" "$tmp/server.out" 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
	sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$tmp/server.out" | head -1)
[ -n "$base" ] || { echo "liveload: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }

echo "liveload: $N idle live interviews on $STORE ($C at a time, $WARMUP warm-up)" >&2
"$tmp/liveload" -url "$base" -n "$N" -warmup "$WARMUP" -c "$C" -hold "$HOLD" -pid "$server_pid" "${prof[@]}"
