#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test the project (as root, or with sudo).
# Idempotent: packages already present are left alone.
set -euo pipefail
# chromium: the end-to-end tests run the try-out page (WebCrypto, its service worker) in it, headless;
# prometheus: its promtool checks and unit-tests the alert rules (the server itself is not started).
packages=(libhiredis-dev redis-server redis-tools postgresql-15 pkg-config python3-pip nginx-light curl openssl docker-compose sqlite3 chromium
  prometheus)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  echo "installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "Swift 6.1 or later is needed: https://www.swift.org/install/linux/" >&2; exit 1; }
# The interoperability tests use a Socket.IO client nobody here wrote (python-socketio) and pytest.
# http_ece (and the cryptography it brings) check our Web Push encryption and VAPID tokens; moto
# runs a real S3 API on loopback for the attachment storage, and boto3 reads back what we wrote;
# schemathesis fuzzes the services against their OpenAPI documents, which openapi-spec-validator checks;
# opentelemetry-proto decodes the spans the services export, in the loopback OTLP receiver.
python_packages=("python-socketio[client]>=5.11" "websocket-client>=1.7" "requests>=2.28" "pytest>=7" "pyyaml>=6" "http-ece>=1.1"
  "moto[server]>=5" "boto3>=1.26" "schemathesis>=4.1" "openapi-spec-validator>=0.7" "opentelemetry-proto>=1.20")
if ! python3 -c "import socketio, websocket, requests, pytest, yaml, http_ece, moto.server, boto3, flask_cors, schemathesis, openapi_spec_validator, opentelemetry.proto" 2>/dev/null \
  || ! command -v schemathesis >/dev/null; then
  echo "installing: ${python_packages[*]}"
  # Debian 12 marks its Python as externally managed; these are test tools, installed for root.
  python3 -m pip install -q --break-system-packages "${python_packages[@]}" 2>/dev/null \
    || python3 -m pip install -q "${python_packages[@]}"
fi
echo "dependencies present: ${packages[*]} ${python_packages[*]}"
