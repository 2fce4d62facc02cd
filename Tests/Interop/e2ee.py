"""A device's end-to-end encryption as the try-out page does it with WebCrypto, in Python's
`cryptography`: an ECDH P-256 key per device; a message is sealed once per recipient device with
AES-256-GCM under HKDF-SHA256(ECDH(sender device, recipient device)), as the envelope
`{"v":1,"from":<device>,"ciphertexts":{<device>: base64url(iv || ciphertext)}}`."""
import base64
import json
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"inkstudio-e2ee-v1"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Device:
    def __init__(self, device_id):
        self.id = device_id
        self.key = ec.generate_private_key(ec.SECP256R1())

    @property
    def public_key(self):
        return b64url(self.key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def shared_key(self, other_public):
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(other_public))
        secret = self.key.exchange(ec.ECDH(), peer)
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret)

    def seal(self, plaintext, recipients):
        """The envelope text for `recipients` ({device id: public key})."""
        ciphertexts = {}
        for device_id, public in recipients.items():
            iv = os.urandom(12)
            ciphertexts[device_id] = b64url(iv + AESGCM(self.shared_key(public)).encrypt(iv, plaintext.encode(), None))
        return json.dumps({"v": 1, "from": self.id, "ciphertexts": ciphertexts}, separators=(",", ":"))

    def open(self, envelope, sender_public):
        sealed = unb64url(json.loads(envelope)["ciphertexts"][self.id])
        return AESGCM(self.shared_key(sender_public)).decrypt(sealed[:12], sealed[12:], None).decode()
