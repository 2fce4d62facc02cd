#!/usr/bin/env bash
# Prints an .env for docker-compose.yml with a random secret for each setting that has no default:
#   deploy/compose-env.sh > .env        (keep it private: chmod 600 .env)
# The services refuse the example secrets published with this project, so compose starts only with
# secrets of your own.
set -euo pipefail
secret() { openssl rand -hex "${1:-24}"; }
cat <<ENV
POSTGRES_PASSWORD=$(secret)
SERVICE_API_KEYS=svc_$(secret 20)
REDIS_AUTH_PASSWORD=$(secret)
REDIS_GATEWAY_PASSWORD=$(secret)
REDIS_STORE_PASSWORD=$(secret)
REDIS_FANOUT_PASSWORD=$(secret)
REDIS_ADMIN_PASSWORD=$(secret)
ENV
