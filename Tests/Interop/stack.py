"""Real processes for the interoperability tests: redis-server, the message store (SQLite) and
gateway instances, each on a free loopback port, each stopped by its PID."""
import base64
import hashlib
import hmac
import json
import os
import random
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

from push_service import vapid_keys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("INKSTUDIO_BUILD", os.path.join(ROOT, ".build", "debug"))
SECRET = "interop-secret-that-is-at-least-32-bytes"
ISSUER = "inkstudio-auth"
AUDIENCE = "inkstudio-messaging"


def free_port():
    """A loopback port nothing is bound to, below Linux's ephemeral range (32768–60999) so that the
    tests' own outgoing connections do not take it before the server binds it."""
    for _ in range(100):
        candidate = random.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
                return candidate
            except OSError:
                continue
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(sub, role="CLIENT", ttl=3600, secret=SECRET, jti=None, **profile):
    """An HS256 token as a platform with its own identity provider would issue it."""
    now = int(time.time())
    claims = {"sub": sub, "role": role, "jti": jti or str(uuid.uuid4()), "iat": now, "exp": now + ttl,
              "iss": ISSUER, "aud": AUDIENCE, **profile}
    signing = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), signing.encode(), hashlib.sha256).digest()
    return signing + "." + b64url(signature)


UNLIMITED = {f"{name}_{kind}": "100000" for name in ("EVENT", "SEND", "USER_SEND", "TYPING", "JOIN", "HANDSHAKE") for kind in ("RATE", "BURST")} | {
    "MAX_PENDING_ACKS": "100000", "MAX_SESSIONS_PER_IP": "100000"}


class Process:
    def __init__(self, name, argv, env=None, log_dir=None):
        self.name = name
        self.log_path = os.path.join(log_dir, name + ".log")
        self.log = open(self.log_path, "w")
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.popen = subprocess.Popen(argv, env=full_env, stdout=self.log, stderr=subprocess.STDOUT, cwd=log_dir)

    @property
    def pid(self):
        return self.popen.pid

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.popen.poll() is None:
            os.kill(self.popen.pid, sig)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.log.close()
        return self.popen.returncode

    def tail(self, lines=40):
        with open(self.log_path) as f:
            return "".join(f.readlines()[-lines:])


def wait_until(predicate, timeout=30, what="condition", process=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited while waiting for {what}:\n{process.tail()}")
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{what} not reached within {timeout}s" + (f":\n{process.tail()}" if process else ""))


def http_status(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Stack:
    """redis-server, one message store, one notification fan-out, and gateways started on demand."""

    def __init__(self, durable_redis=False, store_env=None, env=None):
        self.extra_env = env or {}
        self.dir = tempfile.mkdtemp(prefix="inkstudio-interop-")
        self.processes = []
        self.redis_port = free_port()
        # As deployed when durable: every write in the append-only file before Redis answers it.
        self.redis_argv = ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--dir", self.dir,
                           "--appendonly", "yes" if durable_redis else "no", "--appendfsync", "always", "--daemonize", "no"]
        self.redis = self.start_redis()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}"
        self.prefix = "interop:"
        # Web Push on, to the loopback push service of test_push.py only.
        self.vapid_private, self.vapid_public = vapid_keys()
        push = {"PUSH_SERVICE_ORIGINS": "http://127.0.0.1:*"}
        self.attachments_dir = os.path.join(self.dir, "attachments")
        self.store_port = free_port()
        self.store = self.start("store", [os.path.join(BUILD, "messaging-store")], self.common_env(self.store_port, "store-1") | push | {
            "DATABASE_URL": "sqlite://" + os.path.join(self.dir, "store.sqlite"), "VAPID_PUBLIC_KEY": self.vapid_public,
            # Attachments on the disk; small files, collected soon after their message is deleted.
            "ATTACHMENT_STORAGE": self.attachments_dir, "ATTACHMENT_MAX_BYTES": "65536", "ATTACHMENT_COLLECT_INTERVAL_MS": "200",
        } | (store_env or {}))
        self.wait_ready(self.store_port, self.store)
        self.store_url = f"http://127.0.0.1:{self.store_port}"
        self.fanout_port = free_port()
        self.fanout = self.start("fanout", [os.path.join(BUILD, "messaging-fanout")], self.common_env(self.fanout_port, "fanout-1") | push | {
            "VAPID_PRIVATE_KEY": self.vapid_private, "VAPID_SUBJECT": "mailto:ops@inkstudio.test", "NOTIFICATION_WINDOW_MS": "100",
            "PUSH_TTL_SECONDS": "600", "PUSH_URGENCY": "high"})
        self.wait_ready(self.fanout_port, self.fanout)

    def start_redis(self):
        redis = self.start("redis", self.redis_argv)
        wait_until(lambda: socket.create_connection(("127.0.0.1", self.redis_port), 1).close() is None, what="redis", process=redis)
        return redis

    def restart_redis(self):
        """Stops Redis (SIGTERM: it writes what it holds) and starts it again on the same port and files."""
        assert self.redis.stop() == 0, self.redis.tail()
        self.redis = self.start_redis()

    def common_env(self, port, instance):
        return self.extra_env | {"PORT": str(port), "HOST": "127.0.0.1", "INSTANCE_ID": instance, "REDIS_URL": self.redis_url,
                "REDIS_KEY_PREFIX": self.prefix, "JWT_HS256_SECRET": SECRET, "LOG_LEVEL": "info",
                # The load tests post hundreds of messages a second as one user over HTTP.
                "HTTP_WRITE_RATE": "100000", "HTTP_WRITE_BURST": "100000"}

    def start(self, name, argv, env=None):
        process = Process(name, argv, env, self.dir)
        self.processes.append(process)
        return process

    def wait_ready(self, port, process):
        wait_until(lambda: http_status(f"http://127.0.0.1:{port}/health/ready") == 200, what=f"{process.name} ready", process=process)

    def gateway(self, name, port=None, default_limits=False, **settings):
        """A gateway; its rate limits lifted (the load tests send hundreds a second from one socket)
        unless `default_limits`."""
        port = port or free_port()
        limits = {} if default_limits else UNLIMITED
        env = self.common_env(port, name) | {"CORS_ORIGINS": "http://localhost:3000"} | limits | {k: str(v) for k, v in settings.items()}
        process = self.start(name, [os.path.join(BUILD, "messaging-gateway")], env)
        self.wait_ready(port, process)
        process.port = port
        process.url = f"http://127.0.0.1:{port}"
        return process

    def request(self, method, path, user=None, body=None, data=None, headers=None):
        """(status, headers, body bytes) of one store request; `body` is sent as JSON, `data` as is."""
        sent = {"Content-Type": "application/json"} if body is not None else {}
        if user:
            sent["Authorization"] = "Bearer " + token(user)
        sent |= headers or {}
        payload = json.dumps(body).encode() if body is not None else data
        request = urllib.request.Request(self.store_url + path, method=method, data=payload, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def api(self, method, path, user, body=None):
        request = urllib.request.Request(self.store_url + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": "Bearer " + token(user), "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def conversation(self, owner, *others, subject="Rendez-vous"):
        return self.api("POST", "/api/conversations", owner, {"participantIds": list(others), "subject": subject})["conversation"]["id"]

    def redis_cli(self, *args):
        return subprocess.run(["redis-cli", "-p", str(self.redis_port), *args], capture_output=True, text=True, timeout=10).stdout

    def publish_many(self, channel, payloads):
        """PUBLISHes every payload on one channel (unprefixed name) through redis-cli --pipe."""
        def bulk(value):
            data = value.encode() if isinstance(value, str) else value
            return b"$%d\r\n%s\r\n" % (len(data), data)
        commands = b"".join(b"*3\r\n" + bulk("PUBLISH") + bulk(self.prefix + channel) + bulk(payload) for payload in payloads)
        subprocess.run(["redis-cli", "-p", str(self.redis_port), "--pipe"], input=commands, capture_output=True, timeout=60, check=True)

    def close(self):
        for process in reversed(self.processes):
            process.stop()
