#!/usr/bin/env bash
# Builds everything and runs every test. The tests start their own redis-server and PostgreSQL on
# free loopback ports and stop them by PID; nothing else needs to be running.
#   TEST_TIMEOUT  the whole run's limit (default 40m): a hung test fails the run with a message
#                 instead of running into CI's hard limit.
set -euo pipefail
cd "$(dirname "$0")/.."
"$(dirname "$0")/install-deps.sh"
swift build --build-tests
status=0
timeout --kill-after=30s "${TEST_TIMEOUT:-40m}" swift test --skip-build "$@" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "swift test did not finish within ${TEST_TIMEOUT:-40m}: a test hung (see the last 'started' lines above)" >&2
fi
exit "$status"
