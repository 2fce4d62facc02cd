#!/usr/bin/env bash
# The socket gateway under load on this machine (the load generator shares it): idle sockets (RSS
# per authenticated socket in one room, connect rate) and encode-once fan-out (new-message
# broadcasts published to R rooms of M members, deliveries per second, latency, losses). Builds in
# release; starts its own redis-server, message store (SQLite) and ONE gateway on free loopback
# ports; stops them by PID. Every load loop is bounded in count and time.
#   usage: deploy/bench-gateway.sh [connections (10000)] [rates (20000,50000,80000)] [seconds (10)]
#   CONFIGURATION=debug  a quick check of the script itself
#   RUNS=1               runs per figure (default 3; the table shows the median)
#   GATEWAY_ENV="K=V …"  extra environment for the gateway (e.g. MALLOC_ARENA_MAX=2)
#   RESULTS=path         where the table goes (default deploy/results/gateway.md)
#   SOURCE_ADDRESSES=127.0.0.1,127.0.0.2  loopback addresses the generator connects from, in turn
#   SERVER_BIN=dir       run the messaging-gateway and messaging-store found in dir (an earlier
#                        build, for a side-by-side comparison with the same load generator)
# Writes deploy/results/gateway.md (median of three runs of each scenario).
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-10000}"
rates="${2:-20000,50000,80000}"
duration="${3:-10}"
configuration="${CONFIGURATION:-release}"
for product in messaging-gateway messaging-store gateway-benchmark; do
  swift build -c "$configuration" --product "$product" 2>&1 | grep -E "error|Build" || true
done
bin="$(swift build -c "$configuration" --show-bin-path)"
server_bin="${SERVER_BIN:-$bin}"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # one descriptor per socket, in the gateway and in the generator

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
work="$(mktemp -d /tmp/ink-bench-gateway.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

secret="bench-secret-that-is-at-least-32-bytes-long"
redis_port="$(free_port)"; store_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done
common=(REDIS_URL="redis://127.0.0.1:$redis_port" JWT_HS256_SECRET="$secret" LOG_LEVEL=warning)
# The generator sends from few sockets at rates no person does: the gateways' client limits are lifted.
for limit in EVENT SEND USER_SEND TYPING JOIN HANDSHAKE; do common+=("${limit}_RATE=1000000" "${limit}_BURST=1000000"); done
common+=(MAX_PENDING_ACKS=1000000 MAX_SESSIONS_PER_IP=1000000)
env "${common[@]}" DATABASE_URL="sqlite://$work/store.sqlite" PORT="$store_port" INSTANCE_ID=bench-store "$server_bin/messaging-store" >"$work/store.log" 2>&1 &
pids+=($!)
wait_ready() { for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return 0; sleep 0.1; done; echo "port $1 not ready" >&2; exit 1; }
wait_ready "$store_port"

start_gateway() {
  gateway_port="$(free_port)"
  # shellcheck disable=SC2086
  env "${common[@]}" ${GATEWAY_ENV:-} PORT="$gateway_port" INSTANCE_ID="bench-gateway-$gateway_port" "$server_bin/messaging-gateway" >"$work/gateway-$gateway_port.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  wait_ready "$gateway_port"
}
stop_gateway() { kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true; }

run() {  # scenario, extra options…; prints the JSON line
  "$bin/gateway-benchmark" "$1" --gateways "http://127.0.0.1:$gateway_port" --gateway-pids "$gateway_pid" \
    --redis "redis://127.0.0.1:$redis_port" --prefix "inkstudio:" --store "http://127.0.0.1:$store_port" --secret "$secret" \
    --source-addresses "${SOURCE_ADDRESSES:-127.0.0.1,127.0.0.2}" "${@:2}"
}

median() {  # field, JSON lines on stdin
  python3 -c 'import json,sys; f=sys.argv[1]; v=sorted(json.loads(l)[f] for l in sys.stdin if l.strip()); print(v[len(v)//2])' "$1"
}

machine="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
idle_runs=()
for run_number in $(seq "${RUNS:-3}"); do
  start_gateway
  line="$(run idle --connections "$connections")"
  echo "idle run $run_number: $line"
  idle_runs+=("$line")
  stop_gateway
done
fanout_rows=()
rate_list=()
[ "$rates" = "none" ] || IFS=',' read -ra rate_list <<<"$rates"
for rate in "${rate_list[@]}"; do
  runs=()
  for run_number in $(seq "${RUNS:-3}"); do
    start_gateway
    line="$(run broadcast --rooms 100 --members 10 --rate "$rate" --seconds "$duration")"
    echo "fanout $rate run $run_number: $line"
    runs+=("$line")
    stop_gateway
  done
  row="| $rate"
  for field in delivered_per_second lost p50_ms p90_ms p99_ms max_ms gateway_cpu_share generator_cpu_share; do
    row+=" | $(printf '%s\n' "${runs[@]}" | median "$field")"
  done
  fanout_rows+=("$row |")
done

{
  echo "# Socket gateway: idle sockets and fan-out"
  echo
  echo "Latest \`deploy/bench-gateway.sh $connections $rates $duration\` ($configuration build, $(date -u +%Y-%m-%d)). Machine: $machine."
  echo "One gateway process; the load generator (\`gateway-benchmark\`, real WebSocket clients speaking Socket.IO) and"
  echo "redis-server share the machine. Median of ${RUNS:-3} runs each. Gateway environment: ${GATEWAY_ENV:-none}."
  echo
  echo "## Idle: $connections authenticated sockets, each joined to one conversation room (rooms of 10)"
  echo
  echo "| figure | median |"
  echo "| --- | --- |"
  for field in sockets failed connect_per_second gateway_rss_mb_before gateway_rss_mb_after gateway_kb_per_socket; do
    echo "| $field | $(printf '%s\n' "${idle_runs[@]}" | median "$field") |"
  done
  echo
  echo "Target: ≤ 10 KB of gateway RSS per socket at 10 000 sockets."
  echo
  echo "## Fan-out: 100 rooms × 10 members, new-message broadcasts published to the room channels for ${duration} s"
  echo
  echo "| target deliveries/s | delivered/s | lost | p50 ms | p90 ms | p99 ms | max ms | gateway CPU (cores) | generator CPU (cores) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  [ "${#fanout_rows[@]}" -eq 0 ] || printf '%s\n' "${fanout_rows[@]}"
  echo
  echo "Target: ≥ 50 000 new-message deliveries per second from one gateway process."
  echo
  echo "Raw runs:"
  echo
  echo '```'
  printf '%s\n' "${idle_runs[@]}"
  echo '```'
} >"${RESULTS:-deploy/results/gateway.md}"
cat "${RESULTS:-deploy/results/gateway.md}"
