#!/usr/bin/env bash
# The whole stack on one machine, with the embedded defaults (SQLite, a local redis-server):
#
#   deploy/stack.sh up [--demo]   installs what is missing, builds, starts redis-server, the auth
#                                 service, two gateways, the message store and the notification
#                                 fan-out behind nginx on one port, waits until all are ready;
#                                 --demo also seeds a client, a salon and their conversation
#   deploy/stack.sh down          stops exactly what `up` started (by the PIDs it recorded)
#   deploy/stack.sh status        what runs, and where
#
# Settings (environment): STACK_PORT (front port, default 8080; the services take the next six:
# auth +1, store +2, fan-out +3, gateways +4 and +5, redis +6), STACK_DIR (data, logs and PIDs,
# default deploy/.run/stack), STACK_CONFIGURATION (release or debug, default release),
# STACK_SKIP_INSTALL=1 (do not run deploy/install-deps.sh), STACK_SKIP_BUILD=1, STACK_BIN_DIR (run
# the services' executables from that folder instead of the build's, e.g. a copy of an older build), LOG_LEVEL,
# EVENT_LOOP_THREADS (each service's event-loop threads, default 1 here: six processes share the machine),
# BCRYPT_COST, WEBHOOK_URL and WEBHOOK_SECRET (offline notifications; off without them),
# REGISTER_MAX_PER_IP (registrations per address and hour), HTTP_WRITE_RATE / HTTP_WRITE_BURST (the
# store's HTTP writes per user), VAPID_SUBJECT, PUSH_SERVICE_ORIGINS and NOTIFICATION_WINDOW_MS (Web Push, on with keys made at
# first start in $STACK_DIR/vapid.env),
# STACK_DATABASE=postgres (a PostgreSQL 15 of its own on port +7, fsync on, instead of SQLite),
# JWT_HS256_SECRET (services verify tokens with this shared secret instead of the auth service's
# JWKS, for a platform, or a load generator, that signs its own), and the gateways' client limits
# (EVENT_RATE, SEND_RATE, … MAX_PENDING_ACKS: see Services/Gateway/README.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
run_dir="${STACK_DIR:-$root/deploy/.run/stack}"
front_port="${STACK_PORT:-$(cat "$run_dir/front-port" 2>/dev/null || echo 8080)}"
configuration="${STACK_CONFIGURATION:-release}"
auth_port=$((front_port + 1)) store_port=$((front_port + 2)) fanout_port=$((front_port + 3))
gateway1_port=$((front_port + 4)) gateway2_port=$((front_port + 5)) redis_port=$((front_port + 6)) postgres_port=$((front_port + 7))
database="${STACK_DATABASE:-sqlite}"
pgbin=/usr/lib/postgresql/15/bin
# Started in this order, stopped in the reverse one.
names=(redis postgres auth store fanout gateway-1 gateway-2 nginx)

say() { printf 'stack: %s\n' "$*"; }
die() { printf 'stack: %s\n' "$*" >&2; exit 1; }

pid_of() { cat "$run_dir/pids/$1.pid" 2>/dev/null || true; }

# Whether the PID recorded for `name` is alive and still the program we started.
running() {
  local pid program
  pid="$(pid_of "$1")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  program="$(cat "$run_dir/pids/$1.program" 2>/dev/null || true)"
  [ -n "$program" ] || return 1
  local command_line
  command_line="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$command_line" == *"$program"* ]]
}

# Whether the process just started for `name` is alive (at start a program may be rewriting its
# title, as nginx does, so the command-line check of `running` is for later calls).
alive() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# start NAME PROGRAM [ARG…]  (the environment comes from the caller's `env` prefix)
start() {
  local name="$1"; shift
  nohup "$@" > "$run_dir/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$run_dir/pids/$name.pid"
  basename "$1" > "$run_dir/pids/$name.program"
}

# The Redis URL of one service's user (its password made at first start).
redis_url() { echo "redis://$1:$(cat "$run_dir/redis-$1.password")@127.0.0.1:$redis_port"; }

wait_for() { # NAME URL
  local name="$1" url="$2" deadline=$((SECONDS + 90))
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if ! alive "$name"; then
      tail -n 30 "$run_dir/logs/$name.log" >&2 || true
      die "$name stopped at start (log: $run_dir/logs/$name.log)"
    fi
    [ $SECONDS -lt $deadline ] || die "$name not ready after 90 s (log: $run_dir/logs/$name.log)"
    sleep 0.2
  done
}

json_field() { python3 -c 'import json,sys; d=json.load(sys.stdin); [d := d[k] for k in sys.argv[1:]]; print(d)' "$@"; }

# POST JSON through the front; prints the body. Extra curl arguments after the body.
post() { local path="$1" body="$2"; shift 2; curl -sS --max-time 20 -H 'Content-Type: application/json' -d "$body" "$@" "http://127.0.0.1:$front_port$path"; }

seed_demo() {
  local password="demo-password-1234" jar="$run_dir/demo-cookies" token conversation
  for who in "client@demo.inkstudio.test CLIENT Camille Dubois" "salon@demo.inkstudio.test SALON Encre Noire"; do
    set -- $who
    local profile
    if [ "$2" = SALON ]; then profile="\"salonName\":\"$3 $4\""; else profile="\"firstName\":\"$3\",\"lastName\":\"$4\""; fi
    post /api/auth/register "{\"email\":\"$1\",\"password\":\"$password\",\"role\":\"$2\",$profile}" -o /dev/null || true
  done
  post /api/auth/login "{\"email\":\"salon@demo.inkstudio.test\",\"password\":\"$password\"}" -c "$jar" > "$run_dir/demo-salon.json"
  local salon_id; salon_id="$(json_field user id < "$run_dir/demo-salon.json")"
  post /api/auth/login "{\"email\":\"client@demo.inkstudio.test\",\"password\":\"$password\"}" -c "$jar" > /dev/null
  token="$(curl -sS -b "$jar" "http://127.0.0.1:$front_port/api/messaging/token" | json_field token)"
  if [ -s "$run_dir/demo-conversation" ]; then
    conversation="$(cat "$run_dir/demo-conversation")"
  else
    conversation="$(post /api/conversations "{\"participantIds\":[\"$salon_id\"],\"subject\":\"Projet de tatouage\"}" \
      -H "Authorization: Bearer $token" | json_field conversation id)"
    echo "$conversation" > "$run_dir/demo-conversation"
  fi
  say "demo: client@demo.inkstudio.test and salon@demo.inkstudio.test (password $password), conversation $conversation"
}

# PostgreSQL refuses to run as root: as root it runs as the system user inkstudio-pg.
as_pg() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=inkstudio-pg --regid=inkstudio-pg --clear-groups -- "$@"; else "$@"; fi; }

start_postgres() {
  [ -x "$pgbin/postgres" ] || die "PostgreSQL 15 is missing (deploy/install-deps.sh installs it)"
  local folder="$run_dir/data/postgres"
  if [ "$(id -u)" -eq 0 ]; then
    id -u inkstudio-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin inkstudio-pg
    chmod 755 "$run_dir" "$run_dir/data"
    as_pg test -x "$run_dir/data" || die "PostgreSQL runs as inkstudio-pg, who cannot enter $run_dir (a parent folder is private): choose another STACK_DIR"
  fi
  if [ ! -s "$folder/PG_VERSION" ]; then
    mkdir -p "$folder"
    [ "$(id -u)" -ne 0 ] || chown inkstudio-pg:inkstudio-pg "$folder"
    as_pg "$pgbin/initdb" -D "$folder" -U postgres --auth=trust --encoding=UTF8 --locale=C > "$run_dir/logs/initdb.log"
  fi
  nohup setsid bash -c "$(declare -f as_pg); as_pg $pgbin/postgres -D $folder -p $postgres_port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=200" \
    > "$run_dir/logs/postgres.log" 2>&1 < /dev/null &
  local deadline=$((SECONDS + 60))
  until "$pgbin/pg_isready" -h 127.0.0.1 -p "$postgres_port" -q; do
    [ $SECONDS -lt $deadline ] || { tail -n 20 "$run_dir/logs/postgres.log" >&2; die "PostgreSQL not ready after 60 s"; }
    sleep 0.1
  done
  # The PID of postgres itself (setpriv execs it), for `down`.
  head -1 "$folder/postmaster.pid" > "$run_dir/pids/postgres.pid"
  echo postgres > "$run_dir/pids/postgres.program"
  for db in auth store; do
    local exists
    exists="$("$pgbin/psql" -h 127.0.0.1 -p "$postgres_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")"
    [ "$exists" = 1 ] || "$pgbin/createdb" -h 127.0.0.1 -p "$postgres_port" -U postgres "$db"
  done
}

up() {
  local demo=0
  [ "${1:-}" = "--demo" ] && demo=1
  for name in "${names[@]}"; do
    if running "$name"; then say "already running ($name, PID $(pid_of "$name")): deploy/stack.sh status, or deploy/stack.sh down first"; exit 0; fi
  done
  [ "${STACK_SKIP_INSTALL:-0}" = 1 ] || "$root/deploy/install-deps.sh"
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || die "nginx is missing (deploy/install-deps.sh installs it)"
  local nginx_bin; nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  if [ "${STACK_SKIP_BUILD:-0}" != 1 ]; then
    say "building ($configuration; the first build takes several minutes)"
    (cd "$root" && swift build -c "$configuration" --product messaging-auth && swift build -c "$configuration" --product messaging-store \
      && swift build -c "$configuration" --product messaging-fanout && swift build -c "$configuration" --product messaging-gateway) >&2
  fi
  local bin; bin="${STACK_BIN_DIR:-$(cd "$root" && swift build -c "$configuration" --show-bin-path)}"
  mkdir -p "$run_dir"/{logs,pids,data,nginx}
  # A descriptor per socket: the gateways and nginx may hold many.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  echo "$front_port" > "$run_dir/front-port"
  [ -s "$run_dir/service-api-key" ] || openssl rand -hex 24 > "$run_dir/service-api-key"
  chmod 600 "$run_dir/service-api-key"
  # Web Push: the fan-out signs with the private key, browsers subscribe with the public one.
  [ -s "$run_dir/vapid.env" ] || (umask 077 && "$bin/messaging-fanout" generate-vapid-keys > "$run_dir/vapid.env")
  local vapid_private vapid_public
  vapid_private="$(sed -n 's/^VAPID_PRIVATE_KEY=//p' "$run_dir/vapid.env")" vapid_public="$(sed -n 's/^VAPID_PUBLIC_KEY=//p' "$run_dir/vapid.env")"
  [ -s "$run_dir/data/auth-signing-key.pem" ] || (umask 077 && openssl genpkey -algorithm ed25519 -out "$run_dir/data/auth-signing-key.pem")
  # Redis users, one per service (deploy/redis/users.acl.template), with passwords made at first start.
  local user acl_rules=()
  for user in auth gateway store fanout admin; do
    [ -s "$run_dir/redis-$user.password" ] || (umask 077 && openssl rand -hex 24 > "$run_dir/redis-$user.password")
    acl_rules+=(-e "s|@${user^^}_PASSWORD@|$(cat "$run_dir/redis-$user.password")|")
  done
  (umask 077 && grep -v '^#' "$root/deploy/redis/users.acl.template" | sed "${acl_rules[@]}" > "$run_dir/redis-users.acl" \
    && echo "$(redis_url admin)" > "$run_dir/redis-admin-url")
  # Whatever fails from here on, stop what was started.
  trap 'status=$?; if [ "$status" -ne 0 ]; then say "start failed: stopping what was started"; down; fi' EXIT

  # Browser origins that may act with a user's cookie: the Next.js dev server and this front.
  local origins="http://localhost:3000,http://localhost:$front_port,http://127.0.0.1:$front_port"
  # One event-loop thread per service: six processes share this machine, and a second thread per
  # process mostly adds wake-ups across threads (measured: gateways 15 % less CPU at 5 000/s).
  local common=(HOST=127.0.0.1 REDIS_KEY_PREFIX=inkstudio: "LOG_LEVEL=${LOG_LEVEL:-info}" "CORS_ORIGINS=$origins" "EVENT_LOOP_THREADS=${EVENT_LOOP_THREADS:-1}")
  if [ -n "${JWT_HS256_SECRET:-}" ]; then common+=("JWT_HS256_SECRET=$JWT_HS256_SECRET"); else common+=("JWT_JWKS_URL=http://127.0.0.1:$auth_port/.well-known/jwks.json"); fi
  start redis "$(command -v redis-server)" --port "$redis_port" --bind 127.0.0.1 --dir "$run_dir/data" --appendonly yes --appendfsync everysec --save "" --maxmemory 512mb --maxmemory-policy noeviction \
    --aclfile "$run_dir/redis-users.acl" --daemonize no
  # PONG, not just an answer: a restarted Redis answers LOADING (exit status 0) while it reads its data back.
  until [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ]; do alive redis || die "redis-server stopped at start"; sleep 0.1; done
  local auth_database="sqlite://$run_dir/data/auth.sqlite" store_database="sqlite://$run_dir/data/store.sqlite"
  if [ "$database" = postgres ]; then
    start_postgres
    auth_database="postgres://postgres@127.0.0.1:$postgres_port/auth" store_database="postgres://postgres@127.0.0.1:$postgres_port/store"
  fi
  (export "${common[@]}" "REDIS_URL=$(redis_url auth)" PORT="$auth_port" INSTANCE_ID=auth-1 TRUSTED_PROXIES=127.0.0.1 "BCRYPT_COST=${BCRYPT_COST:-12}" \
    "DATABASE_URL=$auth_database" "JWT_SIGNING_KEY_FILE=$run_dir/data/auth-signing-key.pem" \
    ${REGISTER_MAX_PER_IP:+"REGISTER_MAX_PER_IP=$REGISTER_MAX_PER_IP"} \
   ; start auth "$bin/messaging-auth")
  wait_for auth "http://127.0.0.1:$auth_port/health/ready"
  (export "${common[@]}" "REDIS_URL=$(redis_url store)" PORT="$store_port" INSTANCE_ID=store-1 "DATABASE_URL=$store_database" \
    "SERVICE_API_KEYS=$(cat "$run_dir/service-api-key")" "VAPID_PUBLIC_KEY=$vapid_public" "ATTACHMENT_STORAGE=$run_dir/data/attachments" \
    ${HTTP_WRITE_RATE:+"HTTP_WRITE_RATE=$HTTP_WRITE_RATE"} ${HTTP_WRITE_BURST:+"HTTP_WRITE_BURST=$HTTP_WRITE_BURST"} ${PUSH_SERVICE_ORIGINS:+"PUSH_SERVICE_ORIGINS=$PUSH_SERVICE_ORIGINS"}; start store "$bin/messaging-store")
  local webhook=()
  [ -z "${WEBHOOK_URL:-}" ] || webhook=("WEBHOOK_URL=$WEBHOOK_URL" "WEBHOOK_SECRET=${WEBHOOK_SECRET:-}")
  (export "${common[@]}" "REDIS_URL=$(redis_url fanout)" PORT="$fanout_port" INSTANCE_ID=fanout-1 ${webhook[@]+"${webhook[@]}"} \
    "VAPID_PRIVATE_KEY=$vapid_private" "VAPID_SUBJECT=${VAPID_SUBJECT:-mailto:admin@localhost}" ${PUSH_SERVICE_ORIGINS:+"PUSH_SERVICE_ORIGINS=$PUSH_SERVICE_ORIGINS"} \
    ${NOTIFICATION_WINDOW_MS:+"NOTIFICATION_WINDOW_MS=$NOTIFICATION_WINDOW_MS"}; start fanout "$bin/messaging-fanout")
  # The gateways' client limits, when set here (a load generator lifts them; see ClientLimits).
  local limits=() name
  for name in EVENT_RATE EVENT_BURST SEND_RATE SEND_BURST USER_SEND_RATE USER_SEND_BURST TYPING_RATE TYPING_BURST JOIN_RATE JOIN_BURST \
    HANDSHAKE_RATE HANDSHAKE_BURST MAX_ROOMS_PER_SOCKET MAX_PENDING_ACKS MAX_SESSIONS_PER_IP; do
    [ -z "${!name:-}" ] || limits+=("$name=${!name}")
  done
  (export "${common[@]}" "REDIS_URL=$(redis_url gateway)" TRUSTED_PROXIES=127.0.0.1 ${limits[@]+"${limits[@]}"} PORT="$gateway1_port" INSTANCE_ID=gateway-1; start gateway-1 "$bin/messaging-gateway")
  (export "${common[@]}" "REDIS_URL=$(redis_url gateway)" TRUSTED_PROXIES=127.0.0.1 ${limits[@]+"${limits[@]}"} PORT="$gateway2_port" INSTANCE_ID=gateway-2; start gateway-2 "$bin/messaging-gateway")
  for pair in "store $store_port" "fanout $fanout_port" "gateway-1 $gateway1_port" "gateway-2 $gateway2_port"; do
    set -- $pair
    wait_for "$1" "http://127.0.0.1:$2/health/ready"
  done

  cp "$root/deploy/nginx/locations.conf" "$root/deploy/nginx/proxy_http.conf" "$run_dir/"
  rm -rf "$run_dir/html" && cp -r "$root/deploy/nginx/html" "$run_dir/html"
  sed -e "s|@RUN_DIR@|$run_dir|g" -e "s|@FRONT_PORT@|$front_port|g" -e "s|@AUTH_PORT@|$auth_port|g" -e "s|@STORE_PORT@|$store_port|g" \
    -e "s|@USER_DIRECTIVE@|$([ "$(id -u)" -eq 0 ] && echo "user root;" || echo "")|" -e "s|@GATEWAY1_PORT@|$gateway1_port|g" -e "s|@GATEWAY2_PORT@|$gateway2_port|g" \
    "$root/deploy/nginx/stack.conf.template" > "$run_dir/nginx.conf"
  start nginx "$nginx_bin" -p "$run_dir" -c "$run_dir/nginx.conf" -e "$run_dir/logs/nginx-error.log"
  wait_for nginx "http://127.0.0.1:$front_port/health"

  if [ $demo = 1 ]; then seed_demo; fi
  trap - EXIT
  say "ready: http://localhost:$front_port (Socket.IO at /socket.io/, namespace /messaging; APIs at /api/…)"
  say "service credential for SYSTEM messages: $run_dir/service-api-key; Redis (admin): $run_dir/redis-admin-url; logs: $run_dir/logs"
  say "stop it with: deploy/stack.sh down"
}

down() {
  local stopped=0
  for ((index = ${#names[@]} - 1; index >= 0; index--)); do
    local name="${names[index]}" pid
    pid="$(pid_of "$name")"
    if running "$name"; then
      kill -TERM "$pid"
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { say "$name (PID $pid) did not stop in 15 s: SIGKILL"; kill -KILL "$pid"; }
      say "stopped $name (PID $pid)"
      stopped=$((stopped + 1))
    fi
    rm -f "$run_dir/pids/$name.pid" "$run_dir/pids/$name.program"
  done
  [ $stopped -gt 0 ] || say "nothing was running"
}

status() {
  for name in "${names[@]}"; do
    if running "$name"; then say "$name: running (PID $(pid_of "$name"))"; else say "$name: stopped"; fi
  done
  say "front: http://localhost:$front_port; auth :$auth_port, store :$store_port, fan-out :$fanout_port, gateways :$gateway1_port :$gateway2_port, redis :$redis_port, postgres :$postgres_port (when used)"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: deploy/stack.sh up [--demo] | down | status" >&2; exit 2 ;;
esac
