#!/usr/bin/env bash
# Pipelined PUBLISH on one connection: the Swift Redis client against redis-benchmark, same server,
# same run. Builds in release, starts its own redis-server on a free loopback port and stops it by PID.
# Usage: deploy/bench-redis.sh [requests]   (default 2000000). Writes deploy/results/redis-publish.md.
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-2000000}"
command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null || {
  echo "needs redis-server and redis-benchmark: apt-get install -y redis-server redis-tools" >&2; exit 1; }

swift build -c release --product redis-benchmark-swift 2>&1 | grep -E 'error|Compiling|Build' || true
bin="$(swift build -c release --show-bin-path)/redis-benchmark-swift"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
workdir="$(mktemp -d)"
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$workdir" --daemonize no >"$workdir/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

reference_runs=()
for _ in 1 2 3; do
  # Redis 7.0's redis-benchmark has no "publish" test name: the command is given explicitly,
  # which is the same PUBLISH with a 3-byte payload that later versions' -t publish sends.
  line="$(redis-benchmark -p "$port" -P 100 -c 1 -n "$requests" -q PUBLISH channel xxx | tr '\r' '\n' | grep -E ': [0-9.]+ requests per second' | tail -1)"
  reference_runs+=("$(echo "$line" | sed -E 's/^.*: ([0-9.]+) requests per second.*/\1/')")
done
reference="$(printf '%s\n' "${reference_runs[@]}" | sort -n | sed -n 2p)"
echo "redis-benchmark -P 100 -c 1 PUBLISH: ${reference%.*} requests per second (median of 3: ${reference_runs[*]})"

swift_same="$("$bin" --url "redis://127.0.0.1:$port" --requests "$requests" --pipeline 100 --in-flight 1)"
echo "$swift_same"
swift_deep="$("$bin" --url "redis://127.0.0.1:$port" --requests "$requests" --pipeline 100 --in-flight 4)"
echo "$swift_deep"

rate() { echo "$1" | sed -E 's/^swift PUBLISH: ([0-9]+) requests.*/\1/'; }
same="$(rate "$swift_same")"; deep="$(rate "$swift_deep")"
ratio_same="$(python3 -c "print(f'{100*$same/$reference:.0f}')")"
ratio_deep="$(python3 -c "print(f'{100*$deep/$reference:.0f}')")"
echo "ratio: ${ratio_same}% of redis-benchmark with the same shape (one batch of 100 in flight), ${ratio_deep}% with 4 batches in flight"

mkdir -p deploy/results
cat > deploy/results/redis-publish.md <<MD
# Pipelined PUBLISH on one connection

Measured by \`deploy/bench-redis.sh $requests\` on $(date -u +%Y-%m-%d) — $(nproc) cores, $(uname -sr),
Redis $(redis-server --version | sed -E 's/.*v=([0-9.]+).*/\1/'), load average $(cut -d' ' -f1-3 /proc/loadavg) before the run.

| client | shape | requests per second (median of 3) | vs redis-benchmark |
| --- | --- | ---: | ---: |
| redis-benchmark (C) | \`-P 100 -c 1 PUBLISH channel xxx\` | ${reference%.*} | 100 % |
| Swift \`RedisClient.send(batch:)\` | 100 per batch, 1 batch in flight | $same | ${ratio_same} % |
| Swift \`RedisClient.send(batch:)\` | 100 per batch, 4 batches in flight | $deep | ${ratio_deep} % |
MD
echo "wrote deploy/results/redis-publish.md"
