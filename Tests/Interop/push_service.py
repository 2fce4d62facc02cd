"""A Web Push service on loopback, as a browser's push service would be, built only from parts
nobody here wrote: each push's VAPID token is verified with `cryptography` (RFC 8292) and its body
decrypted with `http_ece` (RFC 8291) using the keys a browser would hold; what arrived is kept
per subscription. A subscription can be told to answer 410 (gone) or to fail first (503)."""
import base64
import json
import queue
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import os

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_keys():
    """(private key base64url, public key base64url), as `web-push generate-vapid-keys` prints them."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64url(private), b64url(public)


class Browser:
    """What a browser holds for one subscription: its ECDH key and auth secret."""

    def __init__(self, service, name, behaviour="ok"):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = f"{service.url}/push/{name}"
        self.received = queue.Queue()
        self.answers = 0
        self.behaviour = behaviour
        service.browsers[name] = self

    def subscription(self):
        """The browser's `PushSubscription.toJSON()`."""
        public = self.key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)}}

    def next(self, timeout=15):
        return self.received.get(timeout=timeout)


class PushService:
    def __init__(self, application_server_key):
        self.application_server_key = application_server_key
        self.browsers = {}
        self.problems = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                name = self.path.rsplit("/", 1)[-1]
                browser = service.browsers.get(name)
                status = service.receive(browser, self.headers, body) if browser else 404
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def receive(self, browser, headers, body):
        browser.answers += 1
        if browser.behaviour == "gone":
            return 410
        if browser.behaviour == "flaky" and browser.answers == 1:
            return 503
        try:
            claims = self.verify_vapid(headers.get("Authorization", ""))
            payload = http_ece.decrypt(body, private_key=browser.key, auth_secret=browser.auth, version="aes128gcm")
        except Exception as error:  # a push we cannot check or read: refused, and the test fails on it
            self.problems.append(f"{browser.endpoint}: {error!r}")
            return 400
        browser.received.put({"payload": json.loads(payload), "claims": claims, "headers": dict(headers)})
        return 201

    def verify_vapid(self, header):
        """RFC 8292: `vapid t=<jwt>, k=<key>`; the key is the one browsers subscribed with, the
        token signed with it (ES256), for this origin, expiring within 24 h."""
        fields = dict(part.strip().split("=", 1) for part in header[len("vapid "):].split(","))
        assert header.startswith("vapid ") and fields["k"] == self.application_server_key, header
        signing, signature = fields["t"].rsplit(".", 1)
        raw = unb64url(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(fields["k"]))
        public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")), signing.encode(), ec.ECDSA(hashes.SHA256()))
        header_part, claims_part = signing.split(".")
        assert json.loads(unb64url(header_part)) == {"typ": "JWT", "alg": "ES256"}
        claims = json.loads(unb64url(claims_part))
        assert claims["aud"] == self.url and time.time() < claims["exp"] <= time.time() + 24 * 3600 and claims["sub"].startswith("mailto:"), claims
        return claims

    def close(self):
        self.server.shutdown()
        self.server.server_close()
