#!/usr/bin/env bash
# The whole stack under load, side by side: builds in release, starts the stack with PostgreSQL
# (deploy/stack.sh, fsync on, two gateways, one store, one fan-out) in a temporary folder on free
# ports, runs the load generator (gateway-benchmark: real WebSocket clients speaking Socket.IO
# through the shared codec, connected straight to the two gateways) three times per scenario, and
# writes the medians to deploy/results/benchmark.md. Stops the stack (by its recorded PIDs) at the end.
#
#   idle    10 000 authenticated sockets in rooms of 10: gateway RSS per socket, connect rate, each
#           process's CPU per socket while they connect
#   fanout  100 rooms × 10 members over both gateways, one sender per room, send-message through
#           the store and PostgreSQL; a rate sweep (RATES, rising) finds the saturation point: the
#           highest rate with p99 ≤ 100 ms and nothing lost, it and every rate below; past the first
#           failing rate it goes on only up to 20 000/s (the p99 target's rate)
#   chat    two-member conversations (members on different gateways), one message per pair every
#           2 s, a rising sweep of sizes (PAIRS) to the most pairs with p99 ≤ 100 ms and nothing lost;
#           the generator holds two sockets a pair, and a process may open `ulimit -Hn` files: a
#           size over CHAT_PAIRS_PER_PROCESS (default 9 000) runs in as many generator processes as
#           it takes, which start sending together and whose reports are merged into one (the
#           gateways then hold half the sockets each, so their limit caps a size at about twice that)
#
#   CONFIGURATION=debug   a quick check of the script itself
#   RUNS=3 CONNECTIONS=10000 RATES=2000,5000,10000,15000,20000,35000,50000 SECONDS_PER_RUN=10 PAIRS=2000,4000,8000,16000
#   RESULTS=deploy/results/benchmark.md
#   PROFILE=5000          instead: one fanout run at that rate with `perf record -a` sampling every
#                         process of the stack, and each one's hottest symbols (self time) written to
#                         deploy/results/profile.md (PROFILE_RESULTS; PROFILE_DATA=file keeps perf.data)
#   AB=<old dir>,<new dir>  instead: the fanout at each of RATES with the services' executables of one
#                         folder, then of the other, ROUNDS times (default 2), each on a fresh stack:
#                         every process's cores side by side. On a machine whose speed moves between
#                         runs by a fifth, that is how one change is judged (copy a build's
#                         messaging-* executables to a folder before changing the code)
#   SOURCE_ADDRESSES=127.0.0.1,127.0.0.2   loopback addresses the generator's sockets connect from, in
#                         turn (each has its own ephemeral ports)
#   PEER=1                then the same scenarios, same generator, same Redis and PostgreSQL, against the
#                         peer to beat: two instances of the official socket.io 4.8 + redis-adapter +
#                         node-postgres (../shared/tools/socketio-node-peer, built into .build-node-peer/;
#                         default: on when that build exists), and a side-by-side table with the ratios
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${CONFIGURATION:-release}"
runs="${RUNS:-3}"
connections="${CONNECTIONS:-10000}"
rates="${RATES:-2000,5000,10000,15000,20000,35000,50000}"
duration="${SECONDS_PER_RUN:-10}"
pairs="${PAIRS:-2000,4000,8000,16000}"
results="${RESULTS:-deploy/results/benchmark.md}"
peer_modules="$PWD/.build-node-peer/node_modules"
peer_server="${PEER_SERVER:-$PWD/../shared/tools/socketio-node-peer/server.mjs}"
if [ -z "${PEER:-}" ]; then [ -d "$peer_modules" ] && [ -f "$peer_server" ] && PEER=1 || PEER=0; fi

for product in messaging-auth messaging-store messaging-fanout messaging-gateway gateway-benchmark; do
  built="$(swift build -c "$configuration" --product "$product" 2>&1)" \
    || { grep -E "error" <<<"$built" || true; echo "bench: building $product failed" >&2; exit 1; }
done
bin="$(swift build -c "$configuration" --show-bin-path)"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

base="$(python3 -c '
import random, socket
for _ in range(200):
    base = random.randrange(20000, 31000); ok = True
    for port in range(base, base + 8):
        s = socket.socket()
        try: s.bind(("127.0.0.1", port))
        except OSError: ok = False
        finally: s.close()
    if ok: print(base); break')"
work="$(mktemp -d /tmp/ink-bench.XXXXXX)"
chmod 755 "$work"  # PostgreSQL runs as inkstudio-pg when this runs as root: it must enter the folder
secret="bench-secret-that-is-at-least-32-bytes-long"
export STACK_DIR="$work/stack" STACK_PORT="$base" STACK_CONFIGURATION="$configuration" STACK_SKIP_INSTALL=1 STACK_SKIP_BUILD=1
export STACK_DATABASE=postgres JWT_HS256_SECRET="$secret" LOG_LEVEL=warning BCRYPT_COST=4
# The generator sends from few sockets at rates no person does: the gateways' client limits are lifted.
for limit in EVENT SEND USER_SEND TYPING JOIN HANDSHAKE; do export "${limit}_RATE=1000000" "${limit}_BURST=1000000"; done
export MAX_PENDING_ACKS=1000000 MAX_SESSIONS_PER_IP=1000000
cleanup() { deploy/stack.sh down >/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
pid() { cat "$STACK_DIR/pids/$1.pid"; }
gateways="http://127.0.0.1:$((base + 4)),http://127.0.0.1:$((base + 5))"
# (Re)starts the stack; each idle run gets fresh gateways, so that its RSS growth is its own.
restart() {
  deploy/stack.sh down >/dev/null || true
  deploy/stack.sh up >"$work/stack-up.log" || { cat "$work/stack-up.log"; exit 1; }
  gateway_pids="$(pid gateway-1),$(pid gateway-2)"
  others="store=$(pid store),redis=$(pid redis),postgres=$(pid postgres),fanout=$(pid fanout)"
}
run() {  # scenario, options…; prints one JSON line
  "$bin/gateway-benchmark" "$1" --gateways "$gateways" --gateway-pids "$gateway_pids" --pids "$others" \
    --redis "$(cat "$STACK_DIR/redis-admin-url")" --prefix "inkstudio:" --store "http://127.0.0.1:$((base + 2))" --secret "$secret" \
    --source-addresses "${SOURCE_ADDRESSES:-127.0.0.1,127.0.0.2}" "${@:2}"
}
median() {  # field; JSON lines on stdin
  python3 -c 'import json,sys; f=sys.argv[1]; v=sorted(json.loads(l).get(f) or 0 for l in sys.stdin if l.strip()); print(v[len(v)//2])' "$1"
}
row() {  # label, fields…; JSON lines in $lines
  local line="| $1"
  for field in "${@:2}"; do line+=" | $(printf '%s\n' "${lines[@]}" | median "$field")"; done
  echo "$line |"
}

# The fanout scenario, the same for the sweep and the profile.
fanout_scenario=(fanout --rooms 100 --members 10)

# PROFILE=<rate>: one fanout run at that rate under `perf record -a` (after the generator's sockets
# are connected), then each process's hottest symbols, by self time.
if [ -n "${PROFILE:-}" ]; then
  command -v perf >/dev/null || { echo "bench: PROFILE needs perf (apt-get install linux-perf)" >&2; exit 1; }
  restart
  data="$work/perf.data"
  profile_results="${PROFILE_RESULTS:-deploy/results/profile.md}"
  ( sleep 3; perf record -a -g -F 499 -o "$data" -- sleep "$((duration - 4))" ) >"$work/perf.log" 2>&1 &
  recorder=$!
  line="$(run "${fanout_scenario[@]}" --rate "$PROFILE" --seconds "$duration")"
  wait "$recorder"
  [ -n "${PROFILE_DATA:-}" ] && cp "$data" "$PROFILE_DATA"
  threads() { ls "/proc/$(pid "$1")/task" | paste -sd,; }  # a stack process's threads (perf samples threads)
  report() {  # title, perf report filter options…
    echo "### $1"
    echo
    echo '```'
    perf report -i "$data" --stdio -g none --no-children --percentage relative --sort dso,symbol --percent-limit 0.8 "${@:2}" 2>/dev/null \
      | grep -E '^ +[0-9.]+%' | sed 's/ *- *- *$//; s/ *$//' | cut -c1-150 | head -30
    echo '```'
    echo
  }
  {
    echo "# Where the CPU goes: fanout 100 × 10 at $PROFILE deliveries/s"
    echo
    echo "\`PROFILE=$PROFILE deploy/bench.sh\` ($configuration build, $(date -u +%Y-%m-%d)), perf record -a -F 499 for $((duration - 4)) s"
    echo "of a $duration s run, by self time. The first table is in shares of the machine's samples (2 cores, idle"
    echo "included); each process's table in shares of its own samples."
    echo
    echo '```'
    echo "$line"
    echo '```'
    echo
    report "all processes" --sort comm,dso
    report "gateway 1" --tid "$(threads gateway-1)"
    report "gateway 2" --tid "$(threads gateway-2)"
    report "store" --tid "$(threads store)"
    report "fan-out" --tid "$(threads fanout)"
    report "PostgreSQL (every backend)" --comm postgres
    report "Redis" --tid "$(threads redis)"
  } >"$profile_results"
  cat "$profile_results"
  exit 0
fi

# AB=<old dir>,<new dir>: the same fanout runs, alternating the two folders' services.
if [ -n "${AB:-}" ]; then
  IFS=',' read -r ab_old ab_new <<<"$AB"
  for dir in "$ab_old" "$ab_new"; do
    for product in messaging-auth messaging-store messaging-fanout messaging-gateway; do
      [ -x "$dir/$product" ] || { echo "bench: no $dir/$product" >&2; exit 1; }
    done
  done
  IFS=',' read -ra ab_rates <<<"$rates"
  echo "| round | build | offered/s | p50 ms | p99 ms | lost | gateways | store | postgres | redis | fan-out | all servers |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for round in $(seq "${ROUNDS:-2}"); do
    for side in old new; do
      if [ "$side" = old ]; then export STACK_BIN_DIR="$ab_old"; else export STACK_BIN_DIR="$ab_new"; fi
      restart
      for rate in "${ab_rates[@]}"; do
        run "${fanout_scenario[@]}" --rate "$rate" --seconds "$duration" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read()); keys = ["gateway", "store", "postgres", "redis", "fanout"]
cores = [d.get(k + "_cpu_share", 0) for k in keys]
print("| %s | %s | %s | %.2f | %.2f | %d | " % (sys.argv[1], sys.argv[2], sys.argv[3], d["p50_ms"], d["p99_ms"], d["lost"])
      + " | ".join("%.3f" % c for c in cores) + " | %.3f |" % sum(cores))' "$round" "$side" "$rate"
      done
    done
  done
  exit 0
fi

machine="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
raw=()

lines=()
for n in $(seq "$runs"); do
  restart
  line="$(run idle --connections "$connections")"; echo "idle $n: $line"; lines+=("$line"); raw+=("idle $line")
done
idle_row="$(row "$connections" sockets failed connect_per_second gateway_rss_mb_before gateway_rss_mb_after gateway_kb_per_socket gateway_cpu_ms_per_socket store_cpu_ms_per_socket postgres_cpu_ms_per_socket redis_cpu_ms_per_socket fanout_cpu_ms_per_socket servers_cpu_ms_per_socket generator_cpu_ms_per_socket)"

restart
fields=(delivered_per_second lost unanswered p50_ms p90_ms p99_ms max_ms ack_p50_ms ack_p99_ms gateway_cpu_share store_cpu_share postgres_cpu_share redis_cpu_share fanout_cpu_share generator_cpu_share)
IFS=',' read -ra rate_list <<<"$rates"
# Whether the runs in $lines pass: none failed, median p99 ≤ 100 ms and nothing lost.
passes() {
  printf '%s\n' "${lines[@]}" | grep -q failed_run && return 1
  python3 -c "import sys; sys.exit(0 if float('$(printf '%s\n' "${lines[@]}" | median p99_ms)') <= 100 and float('$(printf '%s\n' "${lines[@]}" | median lost)') == 0 else 1)"
}
# The fanout rate sweep with one runner (`run` or `peer_run`), its lines labelled; sets sweep_rows
# and sweep_saturation (the highest rate with p99 ≤ 100 ms and nothing lost).
sweep() {  # runner, label
  sweep_rows=()
  sweep_saturation="none"
  local failed="" rate n line
  for rate in "${rate_list[@]}"; do
    lines=()
    for n in $(seq "$runs"); do
      line="$("$1" "${fanout_scenario[@]}" --rate "$rate" --seconds "$duration")"; echo "${2}fanout $rate $n: $line"; lines+=("$line"); raw+=("${2}fanout $line")
    done
    sweep_rows+=("$(row "$rate" "${fields[@]}")")
    if [ -z "$failed" ] && passes; then
      sweep_saturation="$(printf '%s\n' "${lines[@]}" | median delivered_per_second) delivered/s (offered $rate)"
    else
      failed=1
    fi
    # Past the first failing rate the sweep goes on only up to the 20 000/s of the latency target.
    [ -n "$failed" ] && [ "$rate" -ge 20000 ] && break
  done
  true
}
IFS=',' read -ra pair_list <<<"$pairs"
per_process="${CHAT_PAIRS_PER_PROCESS:-9000}"
# One chat run of a size, as one JSON line: in one generator process, or past per_process pairs in
# several (gateway-benchmark --shard), started together once every one has connected, their
# reports merged. Fails when a process does.
chat_once() {  # runner, pairs
  local shards=$(( ($2 + per_process - 1) / per_process ))
  local run_options=(chat --pairs "$2" --interval-ms 2000 --seconds "$((duration * 2))")
  if [ "$shards" -le 1 ]; then "$1" "${run_options[@]}"; return; fi
  local dir k pid failed=0 shard_pids=() merge_args=()
  dir="$(mktemp -d "$work/chat-shards.XXXXXX")"
  for k in $(seq 0 $((shards - 1))); do
    "$1" "${run_options[@]}" --shard "$k/$shards" --barrier "$dir" --shard-result "$dir/result-$k.json" >/dev/null &
    shard_pids+=("$!")
    merge_args+=("$dir/result-$k.json")
  done
  # Every shard connected (or one ended: its sockets could not all connect), at most 10 minutes.
  local deadline=$((SECONDS + 600))
  while [ "$(find "$dir" -name 'ready-*' | wc -l)" -lt "$shards" ] && [ "$SECONDS" -lt "$deadline" ]; do
    for pid in "${shard_pids[@]}"; do kill -0 "$pid" 2>/dev/null || break 2; done
    sleep 0.05
  done
  touch "$dir/go"
  for pid in "${shard_pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" = 0 ] || return 1
  "$bin/gateway-benchmark" merge "${merge_args[@]}"
}
# The chat sweep with one runner, its lines labelled; sets chat_rows and chat_most (the most pairs
# with p99 ≤ 100 ms and nothing lost). It stops after the first size that fails.
chat() {  # runner, label
  chat_rows=()
  chat_most="none"
  local size n line
  for size in "${pair_list[@]}"; do
    lines=()
    for n in $(seq "$runs"); do
      # A run whose sockets could not all connect fails (the generator exits non-zero): that size fails.
      line="$(chat_once "$1" "$size")" \
        || line="{\"target_deliveries_per_second\":$size,\"lost\":-1,\"p99_ms\":1e9,\"failed_run\":1}"
      echo "${2}chat $size $n: $line"; lines+=("$line"); raw+=("${2}chat $line")
    done
    chat_rows+=("$(row "$size" "${fields[@]}")")
    passes || break
    chat_most="$size pairs"
  done
  true
}

sweep run ""
fanout_rows=("${sweep_rows[@]}")
saturation="$sweep_saturation"
chat run ""
our_chat_rows=("${chat_rows[@]}")
our_chat_most="$chat_most"

# The peer: the same scenarios against two instances of official socket.io + redis-adapter + pg,
# over this stack's Redis and PostgreSQL (a database of its own); our services stay up, idle.
peer_rows=()
if [ "$PEER" = 1 ]; then
  "/usr/lib/postgresql/15/bin/createdb" -h 127.0.0.1 -p "$((base + 7))" -U postgres peer 2>/dev/null || true
  peer_pids=()
  peer_start() {
    peer_stop
    peer_pids=()
    for port in $((base + 8)) $((base + 9)); do
      PORT="$port" HOST=127.0.0.1 INSTANCE_ID="peer-$port" REDIS_URL="$(cat "$STACK_DIR/redis-admin-url")/0" \
        DATABASE_URL="postgres://postgres@127.0.0.1:$((base + 7))/peer" JWT_SECRET="$secret" NODE_PEER_MODULES="$peer_modules" \
        node "$peer_server" >"$work/peer-$port.log" 2>&1 &
      peer_pids+=($!)
    done
    for port in $((base + 8)) $((base + 9)); do
      for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/socket.io/?EIO=4&transport=polling" && break; sleep 0.1; done
    done
  }
  peer_stop() { for p in "${peer_pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; true; }
  trap 'peer_stop; cleanup' EXIT
  peer_run() {
    "$bin/gateway-benchmark" "$1" --gateways "http://127.0.0.1:$((base + 8)),http://127.0.0.1:$((base + 9))" \
      --gateway-pids "$(IFS=,; echo "${peer_pids[*]}")" --pids "redis=$(pid redis),postgres=$(pid postgres)" \
      --redis "$(cat "$STACK_DIR/redis-admin-url")" --store none --secret "$secret" \
      --source-addresses "${SOURCE_ADDRESSES:-127.0.0.1,127.0.0.2}" "${@:2}"
  }
  lines=()
  for n in $(seq "$runs"); do
    peer_start
    line="$(peer_run idle --connections "$connections")"; echo "peer idle $n: $line"; lines+=("$line"); raw+=("peer idle $line")
  done
  peer_idle_row="$(row "$connections" sockets failed connect_per_second gateway_rss_mb_before gateway_rss_mb_after gateway_kb_per_socket gateway_cpu_ms_per_socket store_cpu_ms_per_socket postgres_cpu_ms_per_socket redis_cpu_ms_per_socket fanout_cpu_ms_per_socket servers_cpu_ms_per_socket generator_cpu_ms_per_socket)"
  peer_start
  sweep peer_run "peer "
  peer_rows=("${sweep_rows[@]}")
  peer_saturation="$sweep_saturation"
  chat peer_run "peer "
  peer_chat_rows=("${chat_rows[@]}")
  peer_chat_most="$chat_most"
  peer_stop
fi

# Side by side: ours, the peer's, and ours / peer's, for each figure both measured.
compare() {  # our row, peer row, column names (after the first)…
  python3 - "$@" <<'PY'
import sys
ours, peer, names = sys.argv[1], sys.argv[2], sys.argv[3:]
cells = lambda row: [c.strip() for c in row.strip().strip("|").split("|")]
o, p = cells(ours), cells(peer)
print("| figure | ours | peer | ours / peer |")
print("| --- | ---: | ---: | ---: |")
for name, a, b in zip(names, o[1:], p[1:]):
    try:
        ratio = "%.2f" % (float(a) / float(b)) if float(b) else "-"
    except ValueError:
        ratio = "-"
    print("| %s | %s | %s | %s |" % (name, a, b, ratio))
PY
}
# A fanout or chat table, size by size: our row, then the peer's, each with its cores per 1 000/s.
side_by_side() {  # first column's name, our rows' array name, the peer's
  local -n ours="$2" theirs="$3"
  local i r stack count=$(( ${#ours[@]} > ${#theirs[@]} ? ${#ours[@]} : ${#theirs[@]} ))
  echo "| $1 | stack | delivered/s | lost | unanswered | p50 ms | p90 ms | p99 ms | max ms | ack p50 ms | ack p99 ms | gateways CPU | store CPU | postgres CPU | redis CPU | fan-out CPU | generator CPU | server cores per 1 000/s |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for ((i = 0; i < count; i++)); do
    for stack in ours peer; do
      if [ "$stack" = ours ]; then r="${ours[$i]:-}"; else r="${theirs[$i]:-}"; fi
      [ -n "$r" ] && echo "| ${r#| } $(cpu_per_thousand "$r") |" | sed "s/^| \([0-9]*\) |/| \1 | $stack |/; s/ | | / | /"
    done
  done
  true
}
cpu_per_thousand() {  # a fanout/chat row: the server processes' cores per 1 000 deliveries/s
  python3 - "$1" <<'PY'
import sys
cells = [c.strip() for c in sys.argv[1].strip().strip("|").split("|")]
delivered = float(cells[1]); shares = [float(c) for c in cells[10:15]]  # gateways, store, postgres, redis, fan-out
print("%.3f" % (sum(shares) / (delivered / 1000.0)) if delivered else "-")
PY
}

{
  echo "# The whole stack under load"
  echo
  echo "Latest \`deploy/bench.sh\` ($configuration build, $(date -u +%Y-%m-%d)). Machine: $machine."
  echo "Stack: deploy/stack.sh with PostgreSQL 15 (fsync on, synchronous_commit on), redis-server, two gateways, one store,"
  echo "one fan-out; the load generator (\`gateway-benchmark\`) shares the 2 cores and connects straight to both gateways."
  echo "Median of $runs runs per row. CPU shares are in cores (1.0 = one core busy)."
  echo
  echo "## idle: authenticated sockets, each joined to a room of 10"
  echo
  echo "| sockets asked | sockets | failed | connects/s | gateways' RSS before (MB) | after (MB) | KB per socket | CPU ms per socket while connecting: gateways | store | postgres | redis | fan-out | all servers | generator |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  echo "$idle_row"
  echo
  echo "Targets (#19): ≤ 8 KB of gateway RSS per socket at 10 000; connect + join ≥ 2 × the peer's rate."
  echo
  echo "## fanout with persistence: 100 rooms × 10 members over two gateways, one sender per room, ${duration} s per run"
  echo
  echo "| offered deliveries/s | delivered/s | lost | unanswered | p50 ms | p90 ms | p99 ms | max ms | ack p50 ms | ack p99 ms | gateways CPU | store CPU | postgres CPU | redis CPU | fan-out CPU | generator CPU |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${fanout_rows[@]}"
  echo
  echo "Saturation (highest rate with p99 ≤ 100 ms and nothing lost): $saturation. Targets (#19): saturation ≥ 2 × the peer's; server cores per 1 000/s ≤ 0.5 × the peer's; at 2 000/s p50 ≤ the peer's and ≤ 2 ms, p99 ≤ 10 ms."
  echo
  echo "## chat: two-member conversations (members on different gateways), a message per pair every 2 s, $((duration * 2)) s per run, sizes $pairs"
  echo
  echo "| pairs | delivered/s | lost | unanswered | p50 ms | p90 ms | p99 ms | max ms | ack p50 ms | ack p99 ms | gateways CPU | store CPU | postgres CPU | redis CPU | fan-out CPU | generator CPU |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${our_chat_rows[@]}"
  echo
  echo "Most pairs with p99 ≤ 100 ms and nothing lost: $our_chat_most (the sweep stops after the first size that fails; when the largest passes, it is a lower bound; lost -1 marks a run whose sockets could not all connect)."
  echo
  if [ "$PEER" = 1 ]; then
    echo "## Side by side with the peer (same run, same generator, same Redis and PostgreSQL)"
    echo
    echo "The peer: two instances of the official socket.io 4.8 + @socket.io/redis-adapter 8.3 + node-postgres"
    echo "(\`../shared/tools/socketio-node-peer\`), persisting each message (INSERT … RETURNING) before broadcasting it."
    echo "It does less than our stack (no participants, no unread counts, no fan-out service)."
    echo
    echo "### idle"
    echo
    compare "$idle_row" "$peer_idle_row" "sockets" "failed" "connects/s" "RSS before (MB)" "RSS after (MB)" "KB per socket" \
      "gateways' CPU ms per socket" "store's" "PostgreSQL's" "Redis's" "fan-out's" "all servers' CPU ms per socket" "generator's"
    echo
    echo "### fanout, rate by rate (ours | peer)"
    echo
    side_by_side "offered/s" fanout_rows peer_rows
    echo
    echo "Saturation (p99 ≤ 100 ms, nothing lost): ours $saturation; peer $peer_saturation."
    echo
    echo "### chat, size by size (ours | peer)"
    echo
    side_by_side "pairs" our_chat_rows peer_chat_rows
    echo
    echo "Most pairs with p99 ≤ 100 ms, nothing lost: ours $our_chat_most; peer $peer_chat_most."
    echo
  fi
  echo "Raw runs:"
  echo
  echo '```'
  printf '%s\n' "${raw[@]}"
  echo '```'
} >"$results"
cat "$results"
