#!/usr/bin/env bash
# Builds everything and runs every test. The tests start their own redis-server and PostgreSQL on
# free loopback ports and stop them by PID; nothing else needs to be running.
#   TEST_TIMEOUT     the Swift tests' limit (default 40m): a hung test fails the run with a message
#                    instead of running into CI's hard limit.
#   INTEROP_TIMEOUT  the python-socketio interoperability tests' limit (default 15m).
#   E2E_TIMEOUT      the end-to-end tests' limit (default 15m).
# Arguments are passed to `swift test` (e.g. --filter); the interoperability and end-to-end tests
# always run.
set -euo pipefail
cd "$(dirname "$0")/.."
"$(dirname "$0")/install-deps.sh"
swift build --build-tests
status=0
timeout --kill-after=30s "${TEST_TIMEOUT:-40m}" swift test --skip-build "$@" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "swift test did not finish within ${TEST_TIMEOUT:-40m}: a test hung (see the last 'started' lines above)" >&2
fi
# Interoperability with a client nobody here wrote: python-socketio against the real gateway
# executables (they start their own redis-server and message store on free loopback ports).
interop=0
timeout --kill-after=30s "${INTEROP_TIMEOUT:-15m}" python3 -m pytest -q -p no:cacheprovider Tests/Interop || interop=$?
# End to end: the guide's scenarios through nginx against the whole stack, started by
# deploy/stack.sh (on free ports, in a temporary folder, from this debug build) and stopped by it.
e2e=0
timeout --kill-after=30s "${E2E_TIMEOUT:-15m}" python3 -m pytest -q -p no:cacheprovider Tests/E2E || e2e=$?
[ "$status" -ne 0 ] && exit "$status"
[ "$interop" -ne 0 ] && exit "$interop"
exit "$e2e"
