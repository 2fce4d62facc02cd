public import Foundation
public import MessagingProtocol
import ServiceKit

/// `POST /api/push/subscriptions` body: the browser's `PushSubscription.toJSON()`,
/// `{ endpoint, expirationTime?, keys: { p256dh, auth } }`.
public struct PushSubscriptionRequest: Codable, Sendable, Hashable {
    /// The subscription's keys.
    public struct Keys: Codable, Sendable, Hashable {
        /// base64url of the browser's P-256 public key.
        public var p256dh: String
        /// base64url of its 16-byte authentication secret.
        public var auth: String

        /// Creates the keys.
        public init(p256dh: String, auth: String) {
            self.p256dh = p256dh
            self.auth = auth
        }
    }

    /// The push service URL.
    public var endpoint: String
    /// When the browser will drop it (Unix milliseconds), if it says.
    public var expirationTime: Double?
    /// The keys.
    public var keys: Keys

    /// Creates the body.
    public init(endpoint: String, expirationTime: Double? = nil, keys: Keys) {
        self.endpoint = endpoint
        self.expirationTime = expirationTime
        self.keys = keys
    }

    /// The subscription, checked: an endpoint of an allowed push service, keys of the right kind
    /// and size, not expired. Anything else is `VALIDATION_FAILED` saying what.
    public func subscription(allowedBy services: PushServiceAllowList, now: Date = Date()) throws(MessagingError) -> PushSubscription {
        guard endpoint.utf8.count <= PushSubscriptionRequest.maximumEndpointLength, let url = URL(string: endpoint), url.host != nil else {
            throw MessagingError(.validationFailed, "endpoint must be a URL of at most \(Self.maximumEndpointLength) bytes")
        }
        guard services.allows(url) else {
            throw MessagingError(.validationFailed, "endpoint is not a known push service (PUSH_SERVICE_ORIGINS)")
        }
        guard let p256dh = Base64URL.decode(keys.p256dh), p256dh.count == 65, p256dh.first == 0x04 else {
            throw MessagingError(.validationFailed, "keys.p256dh must be an uncompressed P-256 public key, base64url")
        }
        guard let auth = Base64URL.decode(keys.auth), auth.count == 16 else {
            throw MessagingError(.validationFailed, "keys.auth must be 16 bytes, base64url")
        }
        if let expirationTime, expirationTime / 1000 <= now.timeIntervalSince1970 {
            throw MessagingError(.validationFailed, "the subscription has expired")
        }
        return PushSubscription(endpoint: url, p256dh: p256dh, auth: auth)
    }

    /// The longest endpoint taken.
    public static let maximumEndpointLength = 2048
}
