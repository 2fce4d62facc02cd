#!/usr/bin/env bash
# Message store throughput on PostgreSQL with fsync on: send-message commands queued on the
# `commands` stream and answered end to end through Redis by ONE store process, beside the raw
# batched INSERT rate of the same PostgreSQL. Builds in release; starts its own redis-server,
# PostgreSQL (initdb in a temporary folder, as the system user inkstudio-pg when run as root) and
# store on free loopback ports; stops them by PID. Usage: deploy/bench-store.sh [messages] (100000).
# Writes deploy/results/store-throughput.md. PROFILE=file records the store with perf during the last run.
# SERVER_BIN=dir runs the messaging-store found in dir (an earlier build, for a side-by-side comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
messages="${1:-100000}"
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/postgres" ] || { echo "PostgreSQL 15 server binaries missing (deploy/install-deps.sh)" >&2; exit 1; }

swift build -c release --product messaging-store 2>&1 | grep -E "error|Compiling|Build" || true
swift build -c release --product store-benchmark 2>&1 | grep -E "error|Compiling|Build" || true
bin="$(swift build -c release --show-bin-path)"
server_bin="${SERVER_BIN:-$bin}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
work="$(mktemp -d /tmp/ink-bench-store.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# exec: in a background subshell, $! is then PostgreSQL itself (a SIGINT to a waiting bash would be deferred forever).
run_pg() { if [ "$(id -u)" -eq 0 ]; then exec setpriv --reuid=inkstudio-pg --regid=inkstudio-pg --clear-groups -- "$@"; else exec "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then
  id -u inkstudio-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin inkstudio-pg
  chown inkstudio-pg:inkstudio-pg "$work"
fi
pg_port="$(free_port)"; redis_port="$(free_port)"; store_port="$(free_port)"
(run_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null)
(run_pg "$pgbin/postgres" -D "$work/pg" -p "$pg_port" -k "$work" -c listen_addresses=127.0.0.1 -c fsync=on \
  -c synchronous_commit=on -c max_connections=100 >"$work/postgres.log" 2>&1) &
pids+=($!)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
pg_up=""
for _ in $(seq 200); do
  kill -0 "${pids[0]}" 2>/dev/null || break  # exited (its port taken meanwhile): no use waiting
  "$pgbin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q && { pg_up=1; break; }
  sleep 0.05
done
[ -n "$pg_up" ] || { echo "PostgreSQL did not start on port $pg_port:" >&2; tail -5 "$work/postgres.log" >&2; exit 1; }
timeout 30 "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres store

secret="bench-secret-that-is-at-least-32-bytes-long"
DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/store" REDIS_URL="redis://127.0.0.1:$redis_port" \
  JWT_HS256_SECRET="$secret" PORT="$store_port" LOG_LEVEL=warning COMMAND_BATCH_SIZE=1000 INSTANCE_ID=bench-store \
  "$server_bin/messaging-store" >"$work/store.log" 2>&1 &
store_pid=$!
pids+=($store_pid)
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$store_port/health/ready" >/dev/null && break; sleep 0.1; done

results=()
for run in 1 2 3; do
  if [ -n "${PROFILE:-}" ] && [ "$run" -eq 3 ]; then  # PROFILE=file: perf record of the store during the last run
    perf record -F 999 -g -p "$store_pid" -o "$PROFILE" >/dev/null 2>&1 & perf_pid=$!
  fi
  out="$("$bin/store-benchmark" --secret "$secret" --postgres "postgres://postgres@127.0.0.1:$pg_port/store" \
    --redis "redis://127.0.0.1:$redis_port" --store "http://127.0.0.1:$store_port" --messages "$messages")"
  if [ -n "${perf_pid:-}" ]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; perf_pid=""; fi
  echo "run $run: $(echo "$out" | tr '\n' ' ')"
  results+=("$(echo "$out" | sed -nE 's/^store send-message end to end: ([0-9]+).*/\1/p') $(echo "$out" | sed -nE 's/^raw batched INSERT.*: ([0-9]+) rows.*/\1/p')")
done
# Where the store's time went: its own metrics (transactions, mean batch, mean time inside a transaction).
inside="$(curl -sf "http://127.0.0.1:$store_port/metrics" | awk '
  $1 == "store_commit_duration_seconds_count" { count = $2 } $1 == "store_commit_duration_seconds_sum" { seconds = $2 }
  $1 == "store_batch_size_sum" { commands = $2 }
  END { if (count > 0) printf "%d transactions, %.0f commands each, %.1f ms each inside the transaction", count, commands / count, 1000 * seconds / count
        else printf "no store metrics" }' || true)"
echo "store: $inside"
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
e2e="$(median $(for r in "${results[@]}"; do echo "${r% *}"; done))"
raw="$(median $(for r in "${results[@]}"; do echo "${r#* }"; done))"
ratio="$(python3 -c "print(round(100*$e2e/$raw))")"
echo "median: store $e2e commands/s end to end; raw batched INSERT $raw rows/s; ratio $ratio %"

mkdir -p deploy/results
cat > deploy/results/store-throughput.md <<MD
# Message store throughput (PostgreSQL, fsync on)

Measured by \`deploy/bench-store.sh $messages\` on $(date -u +%Y-%m-%d) — $(nproc) cores, $(uname -sr),
PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') with \`fsync=on\`, \`synchronous_commit=on\`; one store process
(\`COMMAND_BATCH_SIZE=1000\`), the load generator, Redis and PostgreSQL all on this machine.

| what | median of 3 |
| --- | ---: |
| send-message commands per second, end to end (XADD → store commits → new-message + reply published → reply received) | $e2e |
| raw batched INSERT rows per second into the same PostgreSQL (500 rows per transaction, no Redis) | $raw |
| end to end as a share of the raw insert rate | $ratio % |

Runs: ${results[*]} (end-to-end, raw). The store's own metrics over the three runs: $inside.
MD
echo "wrote deploy/results/store-throughput.md"
