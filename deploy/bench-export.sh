#!/usr/bin/env bash
# The message store's memory while it exports a long conversation
# (GET /api/conversations/{id}/export): the export is streamed a page of 500 messages at a time,
# so its peak RSS should not grow with the conversation's length. Builds the store in release;
# starts its own redis-server and store (SQLite) on free loopback ports in a temporary folder;
# fills one conversation with each size of SIZES (default "1000 100000") through sqlite3; exports
# it in every format with curl while sampling the store's RSS every 20 ms; stops what it started
# by PID. Writes deploy/results/export.md.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${SIZES:-1000 100000}"
swift build -c release --product messaging-store 2>&1 | grep -E "error|Build" || true
bin="$(swift build -c release --show-bin-path)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
work="$(mktemp -d /tmp/ink-bench-export.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
secret="$(openssl rand -hex 24)"
token() { # USER: an HS256 token, as a platform would issue it
  python3 - "$secret" "$1" <<'PY'
import base64, hashlib, hmac, json, sys, time, uuid
b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
now = int(time.time())
claims = {"sub": sys.argv[2], "role": "CLIENT", "jti": str(uuid.uuid4()), "iat": now, "exp": now + 3600, "iss": "inkstudio-auth", "aud": "inkstudio-messaging"}
signing = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
print(signing + "." + b64(hmac.new(sys.argv[1].encode(), signing.encode(), hashlib.sha256).digest()))
PY
}
redis_port="$(free_port)" store_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done
env REDIS_URL="redis://127.0.0.1:$redis_port" JWT_HS256_SECRET="$secret" LOG_LEVEL=warning DATABASE_URL="sqlite://$work/store.sqlite" \
  PORT="$store_port" INSTANCE_ID=bench-export "$bin/messaging-store" >"$work/store.log" 2>&1 &
store_pid=$!
pids+=("$store_pid")
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$store_port/health/ready" >/dev/null && break; sleep 0.1; done
alice="$(token alice)"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$store_pid/status"; }

results=()
for size in $sizes; do
  conversation="$(curl -sf -X POST "http://127.0.0.1:$store_port/api/conversations" -H "Authorization: Bearer $alice" \
    -H 'Content-Type: application/json' -d '{"participantIds":["salon"],"subject":"Export"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["conversation"]["id"])')"
  sqlite3 "$work/store.sqlite" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $size)
INSERT INTO messages (id, conversation_id, seq, sender_id, type, content, attachments, created_at)
SELECT '$conversation-' || i, '$conversation', i, CASE i % 2 WHEN 0 THEN 'salon' ELSE 'alice' END, 'USER',
       'Message ' || i || ' : un projet de tatouage, café crème et déjà vu, <b>pas du HTML</b>, "guillemets", virgules, fin.', '[]',
       1700000000000 + i * 1000 FROM n;
UPDATE conversations SET last_seq = $size WHERE id = '$conversation';
SQL
  for format in json csv html; do
    before="$(rss)"; peak="$before"
    curl -sf -o "$work/export.$format" "http://127.0.0.1:$store_port/api/conversations/$conversation/export?format=$format" \
      -H "Authorization: Bearer $alice" &
    curl_pid=$!
    started=$(date +%s.%N)
    while kill -0 "$curl_pid" 2>/dev/null; do current="$(rss)"; [ "$current" -gt "$peak" ] && peak="$current"; sleep 0.02; done
    wait "$curl_pid"
    seconds=$(python3 -c "import time; print(f'{time.time() - $started:.2f}')")
    bytes=$(stat -c %s "$work/export.$format")
    results+=("| $size | $format | $((bytes / 1024)) | $seconds | $((before / 1024)) | $((peak / 1024)) | $(((peak - before) / 1024)) |")
    echo "${results[-1]}"
  done
done

{
  echo "# Conversation export: the store's memory"
  echo
  echo "\`deploy/bench-export.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores): one store (release, SQLite), one conversation of each size"
  echo "exported in each format by curl; the store's RSS sampled every 20 ms. A flat \"grew by\" column across sizes shows"
  echo "the export streamed page by page (500 messages at a time) instead of held whole."
  echo
  echo "| messages | format | file KB | seconds | RSS before MB | RSS peak MB | grew by MB |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${results[@]}"
} > deploy/results/export.md
cat deploy/results/export.md
