import Crypto
import Foundation
import Testing

@testable import NotificationFanout

/// Web Push's cryptography checked by implementations nobody here wrote: PyPI's `http_ece`
/// decrypts what we encrypt (RFC 8291, `aes128gcm`), and `cryptography` verifies our VAPID token
/// (RFC 8292, ES256) with the public key we publish.
@Suite struct WebPushInteropTests {
    /// Runs a Python script with arguments; its standard output, trimmed.
    func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(failure)")
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func httpECEDecryptsOurPayload() throws {
        let browser = P256.KeyAgreement.PrivateKey()
        let auth = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let message = Array(#"{"title":"Encre Noire","body":"Votre séance est confirmée ✔"}"#.utf8)
        let body = try WebPushEncryption.encrypt(message, p256dh: Array(browser.publicKey.x963Representation), auth: auth)
        #expect(body.count == 16 + 4 + 1 + 65 + message.count + 1 + 16, "one record: header, text, delimiter, tag")
        let decrypted = try python(
            """
            import base64, sys, http_ece
            from cryptography.hazmat.primitives.asymmetric import ec
            body, key, auth = (base64.b64decode(a) for a in sys.argv[1:4])
            private = ec.derive_private_key(int.from_bytes(key, "big"), ec.SECP256R1())
            sys.stdout.write(base64.b64encode(http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm")).decode())
            """,
            [Data(body).base64EncodedString(), browser.rawRepresentation.base64EncodedString(), Data(auth).base64EncodedString()])
        #expect(Data(base64Encoded: decrypted).map(Array.init) == message)
    }

    @Test func badSubscriptionsAndOversizedPayloadsAreRefused() {
        let browser = Array(P256.KeyAgreement.PrivateKey().publicKey.x963Representation)
        let auth = [UInt8](repeating: 1, count: 16)
        #expect(throws: WebPushEncryption.Failure.invalidSubscriptionKey) { try WebPushEncryption.encrypt([1], p256dh: Array(browser.dropFirst()), auth: auth) }
        #expect(throws: WebPushEncryption.Failure.invalidAuthSecret) { try WebPushEncryption.encrypt([1], p256dh: browser, auth: [1, 2]) }
        #expect(throws: WebPushEncryption.Failure.tooLong) {
            try WebPushEncryption.encrypt([UInt8](repeating: 0, count: WebPushEncryption.maximumPlaintext + 1), p256dh: browser, auth: auth)
        }
    }

    @Test func cryptographyVerifiesOurVAPIDToken() throws {
        let signer = VAPIDSigner(key: P256.Signing.PrivateKey(), subject: "mailto:ops@inkstudio.example")
        let now = Date()
        let header = try signer.authorization(for: URL(string: "https://push.example.net:8443/send/abc?x=1")!, now: now, lifetime: 48 * 3600)
        #expect(header.hasPrefix("vapid t=") && header.hasSuffix(", k=\(signer.publicKey)"))
        let token = String(header.dropFirst("vapid t=".count).prefix { $0 != "," })
        let claims = try python(
            """
            import base64, json, sys
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.asymmetric import ec
            from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
            b64 = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            token, key = sys.argv[1], b64(sys.argv[2])
            head, payload, signature = token.split(".")
            assert json.loads(b64(head)) == {"typ": "JWT", "alg": "ES256"}
            public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
            r, s = int.from_bytes(signature_bytes := b64(signature)[:32], "big"), int.from_bytes(b64(signature)[32:], "big")
            public.verify(encode_dss_signature(r, s), (head + "." + payload).encode(), ec.ECDSA(hashes.SHA256()))
            sys.stdout.write(b64(payload).decode())
            """,
            [token, signer.publicKey])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(claims.utf8)) as? [String: Any])
        #expect(decoded["aud"] as? String == "https://push.example.net:8443" && decoded["sub"] as? String == "mailto:ops@inkstudio.example")
        let expiry = try #require(decoded["exp"] as? Int)
        #expect(expiry == Int(now.timeIntervalSince1970 + 24 * 3600), "never more than 24 hours")
    }
}
