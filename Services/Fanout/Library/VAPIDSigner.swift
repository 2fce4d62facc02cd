public import Crypto
public import Foundation
import JSONCoding

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

    /// The public key the browser subscribes with (`applicationServerKey`), base64url, unpadded.
    public var publicKey: String { Self.base64URL(Array(key.publicKey.x963Representation)) }

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
        let signingInput = Self.base64URL(Array(header.utf8)) + "." + Self.base64URL(Array(claims.string.utf8))
        let signature = try key.signature(for: Array(signingInput.utf8))
        return "vapid t=\(signingInput).\(Self.base64URL(Array(signature.rawRepresentation))), k=\(publicKey)"
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
