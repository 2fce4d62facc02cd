public import Foundation
import ServiceKit

/// One browser's Web Push subscription: where its push service takes messages for it, and the
/// keys a payload is encrypted for (RFC 8291).
public struct PushSubscription: Sendable, Hashable {
    /// The push service URL (the capability: whoever knows it can push to that browser).
    public var endpoint: URL
    /// The browser's ECDH public key, an uncompressed P-256 point (65 bytes).
    public var p256dh: [UInt8]
    /// The browser's authentication secret (16 bytes).
    public var auth: [UInt8]

    /// Creates a subscription.
    public init(endpoint: URL, p256dh: [UInt8], auth: [UInt8]) {
        self.endpoint = endpoint
        self.p256dh = p256dh
        self.auth = auth
    }

    /// Reads what ``storedKeys`` wrote; `nil` when it is not that.
    public init?(endpoint: String, storedKeys: String) {
        let parts = storedKeys.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let url = URL(string: endpoint), let p256dh = Base64URL.decode(parts[0]), let auth = Base64URL.decode(parts[1]),
            p256dh.count == 65, auth.count == 16
        else { return nil }
        self.init(endpoint: url, p256dh: p256dh, auth: auth)
    }

    /// The keys as kept beside the endpoint: `<p256dh>.<auth>`, base64url.
    public var storedKeys: String { Base64URL.encode(p256dh) + "." + Base64URL.encode(auth) }
}
