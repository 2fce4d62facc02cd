"""The whole stack, started by deploy/stack.sh exactly as a newcomer starts it (SQLite, a local
redis-server, two gateways, nginx in front), on free loopback ports, and stopped by it."""
import os
import random
import socket
import subprocess
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Interop"))


def free_block(size=7):
    """A base port whose next `size` ports are all free, below the ephemeral range."""
    for _ in range(200):
        base = random.randrange(20000, 32000 - size)
        sockets = []
        try:
            for port in range(base, base + size):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no block of free ports")


class RunningStack:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="inkstudio-e2e-")
        self.port = free_block()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {
            "STACK_DIR": self.dir, "STACK_PORT": str(self.port), "STACK_SKIP_INSTALL": "1",
            "STACK_CONFIGURATION": os.environ.get("STACK_CONFIGURATION", "debug"),
            "STACK_SKIP_BUILD": os.environ.get("STACK_SKIP_BUILD", "1"), "BCRYPT_COST": "4",
            # Web Push to the loopback push service of test_push.py, soon after a message.
            "PUSH_SERVICE_ORIGINS": "http://127.0.0.1:*", "NOTIFICATION_WINDOW_MS": "200",
            # Every test registers its people from this one address.
            "REGISTER_MAX_PER_IP": "1000",
            # The store's writes per user: the OpenAPI fuzzer writes hundreds a second as one user.
            "HTTP_WRITE_RATE": "10000", "HTTP_WRITE_BURST": "10000",
        }

    def run(self, *args):
        result = subprocess.run([os.path.join(ROOT, "deploy", "stack.sh"), *args], env=self.env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise AssertionError(f"stack.sh {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def pid(self, name):
        with open(os.path.join(self.dir, "pids", f"{name}.pid")) as f:
            return int(f.read().strip())

    def service_key(self):
        with open(os.path.join(self.dir, "service-api-key")) as f:
            return f.read().strip()

    def redis_denials(self):
        """What Redis refused the services' ACL users (`ACL LOG`, read as the admin user)."""
        with open(os.path.join(self.dir, "redis-admin-url")) as f:
            url = f.read().strip()
        result = subprocess.run(["redis-cli", "--no-auth-warning", "-u", url, "--json", "ACL", "LOG"], capture_output=True, text=True, timeout=10)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def log(self, name):
        with open(os.path.join(self.dir, "logs", f"{name}.log"), errors="replace") as f:
            return f.read()


@pytest.fixture(scope="session")
def stack():
    running = RunningStack()
    output = running.run("up", "--demo")
    assert f"ready: http://localhost:{running.port}" in output
    yield running
    # Every service kept to its own Redis keys, channels and commands (deploy/redis/users.acl.template).
    denials = running.redis_denials()
    stopped = running.run("down")
    assert denials in ("", "[]"), f"Redis refused a service: {denials}"
    assert "stopped nginx" in stopped and "stopped redis" in stopped
