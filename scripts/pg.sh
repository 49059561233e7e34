# Starts and stops a throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests.
# Source it, call pg_start (exports MOCKINTERVIEW_TEST_DATABASE_URL) and
# pg_stop when done.

PG_BIN=/usr/lib/postgresql/15/bin

pg_start() {
	PG_DIR=$(mktemp -d /tmp/mockinterview-pg.XXXXXX)
	chown postgres:postgres "$PG_DIR"
	PG_PORT=${PG_PORT:-25432}
	while (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done
	runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync >/dev/null
	runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
		-o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null
	export MOCKINTERVIEW_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
	export MOCKINTERVIEW_TEST_PG_DATA="$PG_DIR/data"
	export MOCKINTERVIEW_TEST_PG_CTL="$PG_BIN/pg_ctl"
	echo "postgres: $MOCKINTERVIEW_TEST_DATABASE_URL" >&2
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$PG_DIR"
}
