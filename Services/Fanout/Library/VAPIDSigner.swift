public import Crypto
public import Foundation
import JSONCoding
import ServiceKit
import WebPush

/// Voluntary Application Server Identification (RFC 8292): the push service learns which
/// application server sends, from a short-lived ES256 JWT signed with the server's VAPID key,
/// whose public half the browser was given when it subscribed.
public struct VAPIDSigner: Sendable {
    /// The longest a token may live (RFC 8292 §2: at most 24 hours).
    public static let maximumLifetime: TimeInterval = 24 * 3600

    let key: P256.Signing.PrivateKey
    /// Who to contact about this server (`mailto:` or `https:`).
    public let subject: String

    /// A signer with the server's VAPID key.
    public init(key: P256.Signing.PrivateKey, subject: String) {
        self.key = key
        self.subject = subject
    }

    /// A new key pair, as `VAPID_PRIVATE_KEY` (the fan-out's) and `VAPID_PUBLIC_KEY` (the store's)
    /// take them: base64url of the raw private scalar and of the uncompressed public point.
    public static func newKeyPair() -> (privateKey: String, publicKey: String) {
        let key = P256.Signing.PrivateKey()
        return (Base64URL.encode(Array(key.rawRepresentation)), Base64URL.encode(Array(key.publicKey.x963Representation)))
    }

    /// The public key the browser subscribes with (`applicationServerKey`), base64url, unpadded.
    public var publicKey: String { Base64URL.encode(Array(key.publicKey.x963Representation)) }

    /// The `Authorization` header for a push to `endpoint`: `vapid t=<jwt>, k=<public key>`, the
    /// token for the endpoint's origin, valid for `lifetime` (at most 24 h).
    public func authorization(for endpoint: URL, now: Date = Date(), lifetime: TimeInterval = 12 * 3600) throws -> String {
        guard let scheme = endpoint.scheme, let host = endpoint.host else { throw URLError(.badURL) }
        let origin = "\(scheme)://\(host)" + (endpoint.port.map { ":\($0)" } ?? "")
        let expiry = Int(now.timeIntervalSince1970 + min(lifetime, Self.maximumLifetime))
        let header = #"{"typ":"JWT","alg":"ES256"}"#
        var claims = JSONWriter(capacity: 128)
        claims.object { token in
            token.key("aud"); token.value(origin)
            token.key("exp"); token.value(expiry)
            token.key("sub"); token.value(subject)
        }
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.string.utf8))
        let signature = try key.signature(for: Array(signingInput.utf8))
        return "vapid t=\(signingInput).\(Base64URL.encode(Array(signature.rawRepresentation))), k=\(publicKey)"
    }
}
