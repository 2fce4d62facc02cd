#!/usr/bin/env bash
# Builds everything and runs every test. The tests start their own redis-server and PostgreSQL on
# free loopback ports and stop them by PID; nothing else needs to be running.
set -euo pipefail
cd "$(dirname "$0")/.."
"$(dirname "$0")/install-deps.sh"
swift build --build-tests
swift test --skip-build "$@"
