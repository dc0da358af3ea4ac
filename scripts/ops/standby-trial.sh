#!/usr/bin/env bash
# Streaming replication and failover, tried in throw-away clusters (primary 5497, standby 5496) —
# the steps of docs/operations.md § Hot standby and § Failover. Run as root on a Debian machine.
set -euo pipefail
B=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
T=$(mktemp -d /tmp/jineng-replica-XXXX); chown postgres "$T"; chmod 700 "$T"
pg() { runuser -u postgres -- "$@"; }
q() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -qAtc "$2"; }
trap 'pg $B/pg_ctl -D "$T/standby" -m immediate stop >/dev/null 2>&1 || true; pg $B/pg_ctl -D "$T/primary" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$T"' EXIT

# The primary: wal_level replica (the default), room for WAL senders, a replication line in pg_hba.conf.
pg $B/initdb -D "$T/primary" -U postgres --auth=trust >/dev/null
cat >> "$T/primary/postgresql.conf" <<EOF
port = 5497
listen_addresses = '127.0.0.1'
unix_socket_directories = '$T'
wal_level = replica
max_wal_senders = 10
wal_log_hints = on   # lets pg_rewind turn a failed primary into a standby of the new one
EOF
grep -q '^host *replication *all *127.0.0.1/32' "$T/primary/pg_hba.conf"
pg $B/pg_ctl -D "$T/primary" -l "$T/primary.log" -w start >/dev/null
q 5497 "CREATE TABLE probe (n int); INSERT INTO probe VALUES (1)"

# 1. The standby: a base backup that writes its own primary_conninfo and standby.signal (-R), with
#    a replication slot (-C -S) so the primary keeps the WAL a disconnected standby still needs.
pg $B/pg_basebackup -h 127.0.0.1 -p 5497 -U postgres -D "$T/standby" -R -X stream -C -S jineng_standby -c fast
cat >> "$T/standby/postgresql.conf" <<EOF
port = 5496
hot_standby = on
EOF
pg $B/pg_ctl -D "$T/standby" -l "$T/standby.log" -w start >/dev/null
q 5497 "INSERT INTO probe VALUES (2)"
sleep 1
echo "primary sees: $(q 5497 "SELECT application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication")"
echo "standby in recovery: $(q 5496 'SELECT pg_is_in_recovery()'), rows: $(q 5496 'SELECT array_agg(n ORDER BY n) FROM probe')"
echo "standby refuses writes: $(q 5496 'INSERT INTO probe VALUES (9)' 2>&1 | head -1)"

# 2. Failover: the primary is lost; promote the standby; it takes writes.
pg $B/pg_ctl -D "$T/primary" -m immediate -w stop >/dev/null
pg $B/pg_ctl -D "$T/standby" -w promote >/dev/null
q 5496 "INSERT INTO probe VALUES (3); CHECKPOINT"
echo "after promote: in recovery $(q 5496 'SELECT pg_is_in_recovery()'), timeline $(q 5496 'SELECT timeline_id FROM pg_control_checkpoint()'), rows $(q 5496 'SELECT array_agg(n ORDER BY n) FROM probe')"

# 3. The old primary comes back as a standby of the new one (pg_rewind, then -R-style settings).
pg $B/pg_ctl -D "$T/primary" -w start >/dev/null && pg $B/pg_ctl -D "$T/primary" -m fast -w stop >/dev/null # clean shutdown for pg_rewind
pg $B/pg_rewind -D "$T/primary" --source-server="host=127.0.0.1 port=5496 user=postgres dbname=postgres" 2>&1 | tail -1
pg touch "$T/primary/standby.signal"
q 5496 "SELECT pg_create_physical_replication_slot('jineng_standby')" >/dev/null # the new primary keeps WAL for it
# pg_rewind copied the new primary's configuration files too (its postgresql.auto.conf still names
# 5497 as its primary, written by -R): set this server's port and its new primary, last entry wins.
printf "port = 5497\nprimary_conninfo = 'host=127.0.0.1 port=5496 user=postgres'\nprimary_slot_name = 'jineng_standby'\n" | pg tee -a "$T/primary/postgresql.auto.conf" >/dev/null
pg $B/pg_ctl -D "$T/primary" -l "$T/primary.log" -w start >/dev/null
q 5496 "INSERT INTO probe VALUES (4)"
for _ in $(seq 1 20); do [ "$(q 5497 'SELECT max(n) FROM probe')" = 4 ] && break; sleep 1; done
echo "old primary, now a standby: in recovery $(q 5497 'SELECT pg_is_in_recovery()'), rows $(q 5497 'SELECT array_agg(n ORDER BY n) FROM probe')"
[ "$(q 5497 "SELECT max(n) FROM probe")" = 4 ] || tail -5 "$T/primary.log"
