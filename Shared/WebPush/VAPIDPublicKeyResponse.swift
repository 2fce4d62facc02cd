/// `GET /api/push/vapid-public-key` answer: `{ publicKey }`, the browser's `applicationServerKey`.
public struct VAPIDPublicKeyResponse: Codable, Sendable, Hashable {
    /// base64url of the uncompressed P-256 public key.
    public var publicKey: String

    /// Creates the body.
    public init(publicKey: String) { self.publicKey = publicKey }
}
