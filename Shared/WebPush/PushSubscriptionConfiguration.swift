import Crypto
public import ServiceKit

/// The store's Web Push settings: the VAPID public key browsers subscribe with (`VAPID_PUBLIC_KEY`,
/// base64url of the uncompressed P-256 point, the public half of the fan-out's
/// `VAPID_PRIVATE_KEY`; unset: Web Push is off and its routes say so) and the push services a
/// subscription may name (``PushServiceAllowList``).
public struct PushSubscriptionConfiguration: Sendable, Hashable {
    /// The `applicationServerKey`, base64url; `nil`: Web Push is off.
    public var vapidPublicKey: String?
    /// Allowed endpoints.
    public var services: PushServiceAllowList

    /// Creates the settings.
    public init(vapidPublicKey: String?, services: PushServiceAllowList) {
        self.vapidPublicKey = vapidPublicKey
        self.services = services
    }

    /// Reads `VAPID_PUBLIC_KEY` and `PUSH_SERVICE_ORIGINS`.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        var key: String?
        if let text = environment.optionalString("VAPID_PUBLIC_KEY") {
            guard let bytes = Base64URL.decode(text), bytes.count == 65, (try? P256.Signing.PublicKey(x963Representation: bytes)) != nil else {
                throw ConfigurationError(key: "VAPID_PUBLIC_KEY", problem: "must be base64url of an uncompressed P-256 public key (65 bytes)")
            }
            key = Base64URL.encode(bytes)
        }
        self.init(vapidPublicKey: key, services: try PushServiceAllowList(environment))
    }
}
