#!/usr/bin/env bash
# The offline pull's two lookups on long inboxes, without and with the undelivered index
# (im_message_recieve (msg_to, delivered, msg_id), MysqlSchema): the gap lookup
# (MysqlMessageStore.FIRST_UNDELIVERED_SQL) and the delivered marks up to a cursor (ACK_UP_TO_SQL, run in a
# transaction rolled back). USERS inboxes of HISTORY rows each, all delivered but the last 3, in a scratch schema
# (imbench_bench_pull, dropped at the end); each lookup runs once per user through ANALYZE FORMAT=JSON, which
# reports the rows and pages it read (exact, whatever the load) and its time (noisy on a shared machine).
# Usage: bench/pull-index.sh [USERS=200] [HISTORY=2000]   (env)
# Needs: MariaDB on 127.0.0.1:3306 (root, no password) with the mysql client, python3.
set -euo pipefail
users="${USERS:-200}"
history="${HISTORY:-2000}"
db=imbench_bench_pull
sql() { mysql -uroot -h127.0.0.1 -N -B "$@"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/imbench-pull-index.XXXXXX")
trap 'sql -e "DROP DATABASE IF EXISTS $db"; rm -rf "$tmp"' EXIT
sql -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
# the inbox as MysqlSchema made it before the undelivered index
sql "$db" -e "CREATE TABLE im_message_recieve (msg_id BIGINT NOT NULL, msg_from VARCHAR(64) NOT NULL,
  msg_to VARCHAR(64) NOT NULL, group_id BIGINT NOT NULL DEFAULT 0, cmd_id INT NOT NULL, msg_seq INT NOT NULL,
  msg_content TEXT NOT NULL, send_time DATETIME(3) NOT NULL, msg_type INT NOT NULL DEFAULT 0,
  client_msg_id BIGINT NULL, delivered SMALLINT NOT NULL DEFAULT 0, PRIMARY KEY (msg_to, msg_id),
  KEY idx_recv_resend (msg_to, msg_from, client_msg_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
python3 - "$users" "$history" <<'PY' | sql "$db" >/dev/null
import sys
users, history = int(sys.argv[1]), int(sys.argv[2])
rows = [f"({i},'alice','u{u}',203,1,'hello','2026-12-01 00:00:00',{i},{1 if i <= history - 3 else 0})"
        for u in range(users) for i in range(1, history + 1)]
for k in range(0, len(rows), 5000):
    print("INSERT INTO im_message_recieve (msg_id, msg_from, msg_to, cmd_id, msg_seq, msg_content, send_time, "
          "client_msg_id, delivered) VALUES " + ",".join(rows[k:k + 5000]) + ";")
print("ANALYZE TABLE im_message_recieve;")
PY
measure() { # $1: label; prints one table row per lookup
  python3 - "$users" "$history" > "$tmp/lookups.sql" <<'PY'
import sys
users, history = int(sys.argv[1]), int(sys.argv[2])
for u in range(users):
    print(f"ANALYZE FORMAT=JSON SELECT MIN(msg_id) FROM im_message_recieve WHERE msg_to = 'u{u}' "
          f"AND msg_id <= {history} AND delivered = 0;")
for u in range(users):
    print(f"START TRANSACTION; ANALYZE FORMAT=JSON UPDATE im_message_recieve SET delivered = 1 WHERE msg_to = 'u{u}' "
          f"AND msg_id <= {history - 1} AND delivered = 0; ROLLBACK;")
PY
  sql "$db" < "$tmp/lookups.sql" > "$tmp/plans.json"
  python3 - "$1" "$users" "$tmp/plans.json" <<'PY'
import json, sys
label, users = sys.argv[1], int(sys.argv[2])
plans = [json.loads(l.encode().decode("unicode_escape")) for l in open(sys.argv[3]) if l.strip()]
def walk(o, key):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == key:
                yield v
            yield from walk(v, key)
    elif isinstance(o, list):
        for v in o:
            yield from walk(v, key)
for name, part in (("gap lookup", plans[:users]), ("delivered marks up to a cursor", plans[users:])):
    ms = sorted(sum(walk(p, "r_total_time_ms")) for p in part)
    rows = sum(sum(walk(p, "r_rows")) for p in part) / len(part)
    pages = sum(sum(walk(p, "pages_accessed")) for p in part) / len(part)
    keys = ", ".join(sorted({k for p in part for k in walk(p, "key")} or {"(optimized away)"}))
    print(f"| {label} | {name} | {keys} | {rows:,.1f} | {pages:,.1f} | {ms[len(ms) // 2]:.3f} / {ms[int(len(ms) * 0.99)]:.3f} |")
PY
}
echo "bench/pull-index.sh: USERS=$users HISTORY=$history, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| index | lookup | key used | rows read per lookup | pages per lookup | ms p50 / p99 |"
echo "|---|---|---|---|---|---|"
measure "before (PK only)"
sql "$db" -e "ALTER TABLE im_message_recieve ADD INDEX idx_recv_undelivered (msg_to, delivered, msg_id),
  DROP INDEX idx_recv_resend; ANALYZE TABLE im_message_recieve" >/dev/null
measure "after (msg_to, delivered, msg_id)"
