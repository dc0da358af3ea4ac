#!/usr/bin/env bash
# Point-in-time recovery, tried in a throw-away cluster (port 5499) — the steps of docs/operations.md.
set -euo pipefail
B=/usr/lib/postgresql/15/bin
T=$(mktemp -d /tmp/jineng-pitr-XXXX); chown postgres "$T"; chmod 700 "$T"
pg() { runuser -u postgres -- "$@"; }
q() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -qAtc "$2"; }
pg $B/initdb -D "$T/primary" -U postgres --auth=trust >/dev/null
pg mkdir "$T/archive"
cat >> "$T/primary/postgresql.conf" <<EOF
port = 5499
listen_addresses = '127.0.0.1'
unix_socket_directories = '$T'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $T/archive/%f && cp %p $T/archive/%f'
EOF
pg $B/pg_ctl -D "$T/primary" -l "$T/primary.log" -w start >/dev/null
q 5499 "CREATE TABLE probe (n int); INSERT INTO probe VALUES (1)"
# 1. the base backup (nightly)
pg $B/pg_basebackup -h 127.0.0.1 -p 5499 -U postgres -D "$T/base" -X stream -c fast
q 5499 "INSERT INTO probe VALUES (2)"
sleep 1; GOOD=$(q 5499 "SELECT now()"); sleep 1
q 5499 "DROP TABLE probe"                 # the mistake to undo
q 5499 "SELECT pg_switch_wal()" >/dev/null  # close the segment so it is archived
sleep 2
pg $B/pg_ctl -D "$T/primary" -m fast -w stop >/dev/null
echo "archived WAL segments: $(ls "$T/archive" | wc -l); recovery target: $GOOD"
# 2. restore: the base backup + WAL from the archive, replayed up to just before the mistake
pg cp -a "$T/base" "$T/restored"
cat >> "$T/restored/postgresql.conf" <<EOF
port = 5498
archive_mode = off
restore_command = 'cp $T/archive/%f %p'
recovery_target_time = '$GOOD'
recovery_target_action = 'promote'
EOF
pg touch "$T/restored/recovery.signal"
pg $B/pg_ctl -D "$T/restored" -l "$T/restored.log" -w start >/dev/null
for _ in $(seq 1 30); do [ "$(q 5498 'SELECT pg_is_in_recovery()')" = f ] && break; sleep 1; done
echo "restored probe rows (n): $(q 5498 'SELECT array_agg(n ORDER BY n) FROM probe')"
grep -E "recovery stopping|starting point-in-time recovery|archive recovery complete" "$T/restored.log" | sed 's/^/  log: /'
pg $B/pg_ctl -D "$T/restored" -m fast -w stop >/dev/null
rm -rf "$T"
