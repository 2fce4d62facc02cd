#!/usr/bin/env bash
# Search latency on PostgreSQL (fsync on): MESSAGES (default 1 000 000) French-looking messages in
# 20 000 two-person conversations, then GET /api/messages/search through one store process (release)
# for users in 1 to 50 conversations and a mix of common, rare, accented and multi-word queries;
# prints p50/p95/p99 per query kind and overall. Starts its own PostgreSQL (initdb in a temporary
# folder, as the system user inkstudio-pg when run as root), redis-server and store on free loopback
# ports and stops them by PID. Writes deploy/results/search.md.
set -euo pipefail
cd "$(dirname "$0")/.."
messages="${MESSAGES:-1000000}"
conversations=20000
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/postgres" ] || { echo "PostgreSQL 15 server binaries missing (deploy/install-deps.sh)" >&2; exit 1; }
swift build -c release --product messaging-store 2>&1 | grep -E "error|Build" || true
bin="$(swift build -c release --show-bin-path)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
work="$(mktemp -d /tmp/ink-bench-search.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
run_pg() { if [ "$(id -u)" -eq 0 ]; then exec setpriv --reuid=inkstudio-pg --regid=inkstudio-pg --clear-groups -- "$@"; else exec "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then
  id -u inkstudio-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin inkstudio-pg
  chown inkstudio-pg:inkstudio-pg "$work"
fi
pg_port="$(free_port)"; redis_port="$(free_port)"; store_port="$(free_port)"
(run_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null)
(run_pg "$pgbin/postgres" -D "$work/pg" -p "$pg_port" -k "$work" -c listen_addresses=127.0.0.1 -c fsync=on -c shared_buffers=512MB \
  -c maintenance_work_mem=512MB >"$work/postgres.log" 2>&1) &
pids+=($!)
for _ in $(seq 200); do "$pgbin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q && break; sleep 0.05; done
timeout 30 "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres store
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
secret="$(openssl rand -hex 24)"
DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/store" REDIS_URL="redis://127.0.0.1:$redis_port" JWT_HS256_SECRET="$secret" \
  PORT="$store_port" LOG_LEVEL=warning INSTANCE_ID=bench-search "$bin/messaging-store" >"$work/store.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$store_port/health/ready" >/dev/null && break; sleep 0.1; done

# The store migrated the schema; the data goes in by SQL (user u<k> talks with salons s<k % 400>;
# users u0…u49 are in 1…50 conversations each).
echo "loading $messages messages into $conversations conversations…"
started=$(date +%s)
"$pgbin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres store <<SQL
INSERT INTO conversations (id, created_at, last_message_at, last_seq)
SELECT 'c' || i, 1700000000000, 1700000000000, $messages / $conversations FROM generate_series(0, $conversations - 1) i;
INSERT INTO participants (conversation_id, user_id, joined_at)
SELECT 'c' || i, CASE WHEN i < 1275 THEN 'u' || floor((sqrt(8 * i + 1) - 1) / 2)::int ELSE 'x' || i END, 0 FROM generate_series(0, $conversations - 1) i
UNION ALL SELECT 'c' || i, 's' || (i % 400), 0 FROM generate_series(0, $conversations - 1) i;
WITH words(w) AS (SELECT unnest(ARRAY['tatouage','tatouages','rendez-vous','séance','croquis','dragon','café','crème','merci',
  'bonjour','mardi','jeudi','encre','noire','couleur','épaule','bras','dos','fleur','rose','prix','devis','acompte','cicatrisation',
  'retouche','motif','japonais','minimaliste','géométrique','aquarelle','lettrage','portrait','réaliste','ombre','ligne','trait'])),
  vocabulary AS (SELECT array_agg(w) AS a FROM words)
INSERT INTO messages (id, conversation_id, seq, sender_id, type, content, attachments, created_at)
SELECT 'm' || n, 'c' || (n % $conversations), n / $conversations + 1, 'u', 'USER',
       initcap(a[1 + (n * 7) % 36]) || ' ' || a[1 + (n * 13) % 36] || ' et ' || a[1 + (n * 31) % 36] || ', ' || a[1 + (n * 17) % 36]
         || CASE WHEN n % 1000 = 0 THEN ' ornithorynque' ELSE '' END || ' ?',
       '[]', 1700000000000 + n
FROM generate_series(0, $messages - 1) n, vocabulary;
ANALYZE;
SQL
echo "loaded in $(( $(date +%s) - started )) s"

python3 - "$secret" "$store_port" "$messages" <<'PY' > "$work/table.md"
import base64, hashlib, hmac, http.client, json, statistics, sys, time, urllib.parse, uuid
secret, port, messages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
def token(user):
    now = int(time.time())
    claims = {"sub": user, "role": "CLIENT", "jti": str(uuid.uuid4()), "iat": now, "exp": now + 3600, "iss": "inkstudio-auth", "aud": "inkstudio-messaging"}
    signing = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
    return signing + "." + b64(hmac.new(secret.encode(), signing.encode(), hashlib.sha256).digest())
kinds = {"common word": ["tatouage", "merci", "bonjour", "encre"], "prefix": ["tat", "rend", "crois"],
         "accents folded": ["cafe", "seance", "epaule", "creme"], "two words": ["cafe creme", "dragon japonais", "rendez mardi"],
         "rare word": ["ornithorynque"], "no match": ["zzzyyy"]}
users = ["u0", "u9", "u49", "s7"]  # in 1, 10, 50 and 50 conversations
connection = http.client.HTTPConnection("127.0.0.1", port)
tokens = {user: token(user) for user in users}
rows, everything = [], []
for kind, queries in kinds.items():
    times = []
    for round_ in range(10):
        for q in queries:
            for user in users:
                started = time.perf_counter()
                connection.request("GET", "/api/messages/search?limit=20&q=" + urllib.parse.quote(q), headers={"Authorization": "Bearer " + tokens[user]})
                response = connection.getresponse(); body = response.read()
                times.append((time.perf_counter() - started) * 1000)
                assert response.status == 200, body
    times.sort(); everything += times
    q = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    rows.append(f"| {kind} | {len(times)} | {q(0.5):.1f} | {q(0.95):.1f} | {q(0.99):.1f} | {times[-1]:.1f} |")
everything.sort()
q = lambda p: everything[min(len(everything) - 1, int(p * len(everything)))]
rows.append(f"| **all** | {len(everything)} | {q(0.5):.1f} | **{q(0.95):.1f}** | {q(0.99):.1f} | {everything[-1]:.1f} |")
print("\n".join(rows))
PY
{
  echo "# Search latency on PostgreSQL"
  echo
  echo "\`deploy/bench-search.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores): $messages messages in $conversations conversations,"
  echo "PostgreSQL 15 (fsync on), one store (release); GET /api/messages/search (limit 20) over HTTP keep-alive, sequential, as users"
  echo "in 1, 10, 50 and 50 conversations, 10 rounds. Target: p95 under 50 ms."
  echo
  echo "| queries | requests | p50 ms | p95 ms | p99 ms | max ms |"
  echo "| --- | --- | --- | --- | --- | --- |"
  cat "$work/table.md"
} > deploy/results/search.md
cat deploy/results/search.md
