import Crypto
import Foundation
import MessagingProtocol
import ServiceKit
import Testing
import WebPush

@testable import NotificationFanout

/// Web Push's pure rules: which endpoints may be pushed to, what a subscription must hold, what a
/// push service's answer means, the topic, the settings.
@Suite struct WebPushRulesTests {
    static let browserKey = Base64URL.encode(Array(P256.KeyAgreement.PrivateKey().publicKey.x963Representation))
    static let auth = Base64URL.encode([UInt8](repeating: 7, count: 16))

    @Test func onlyListedPushServicesAreAllowed() throws {
        let list = try PushServiceAllowList(PushServiceAllowList.browserPushServices + ["http://127.0.0.1:*"])
        #expect(list.allows(URL(string: "https://fcm.googleapis.com/fcm/send/abc")!))
        #expect(list.allows(URL(string: "https://wns2-par02p.notify.windows.com/w/?token=x")!))
        #expect(list.allows(URL(string: "http://127.0.0.1:8123/push/1")!))
        #expect(!list.allows(URL(string: "http://fcm.googleapis.com/fcm/send/abc")!), "plain http to a https origin")
        #expect(!list.allows(URL(string: "https://fcm.googleapis.com:8443/x")!), "another port")
        #expect(!list.allows(URL(string: "https://notify.windows.com.evil.example/x")!))
        #expect(!list.allows(URL(string: "https://evilnotify.windows.com/x")!), "a suffix is matched on a dot")
        #expect(!list.allows(URL(string: "http://redis:6379/")!))
        #expect(!list.allows(URL(string: "https://user@fcm.googleapis.com/x")!))
        #expect(throws: ConfigurationError.self) { try PushServiceAllowList(["fcm.googleapis.com"]) }
        #expect(throws: ConfigurationError.self) { try PushServiceAllowList(["https://a.example:99999"]) }
        #expect(throws: ConfigurationError.self) { try PushServiceAllowList(["https://a.example/path"]) }
    }

    @Test func aSubscriptionNeedsAnAllowedEndpointAndKeysOfTheRightSize() throws {
        let list = try PushServiceAllowList(PushServiceAllowList.browserPushServices)
        let good = PushSubscriptionRequest(endpoint: "https://fcm.googleapis.com/fcm/send/abc", keys: .init(p256dh: Self.browserKey, auth: Self.auth))
        let subscription = try good.subscription(allowedBy: list)
        #expect(subscription.p256dh.count == 65 && subscription.auth.count == 16)
        #expect(PushSubscription(endpoint: subscription.endpoint.absoluteString, storedKeys: subscription.storedKeys) == subscription)
        var bad = good
        bad.endpoint = "http://169.254.169.254/latest/meta-data"
        #expect(throws: MessagingError.self) { try bad.subscription(allowedBy: list) }
        bad = good
        bad.keys.p256dh = Base64URL.encode([UInt8](repeating: 4, count: 33))
        #expect(throws: MessagingError.self) { try bad.subscription(allowedBy: list) }
        bad = good
        bad.keys.auth = "not base64url!"
        #expect(throws: MessagingError.self) { try bad.subscription(allowedBy: list) }
        bad = good
        bad.expirationTime = 1000
        #expect(throws: MessagingError.self) { try bad.subscription(allowedBy: list) }
        #expect(PushSubscription(endpoint: "https://fcm.googleapis.com/x", storedKeys: "garbage") == nil)
    }

    @Test func answersOfThePushServiceDecideWhatHappensNext() {
        #expect(WebPushSender.outcome(status: 201, retryAfter: nil) == .delivered)
        #expect(WebPushSender.outcome(status: 410, retryAfter: nil) == .expired)
        #expect(WebPushSender.outcome(status: 404, retryAfter: nil) == .expired)
        #expect(WebPushSender.outcome(status: 429, retryAfter: "3") == .transient("HTTP 429", retryAfter: .seconds(3)))
        #expect(WebPushSender.outcome(status: 503, retryAfter: nil) == .transient("HTTP 503", retryAfter: nil))
        #expect(WebPushSender.outcome(status: 403, retryAfter: nil) == .refused("HTTP 403"))
        #expect(WebPushSender.outcome(status: 413, retryAfter: nil) == .refused("HTTP 413"))
    }

    @Test func theTopicIsThirtyTwoBase64URLCharactersPerConversation() {
        let topic = WebPushSender.topic("6f1c2b7e-3d7a-4f55-9a51-0c6a1d1e2f3a")
        #expect(topic.count == 32 && Base64URL.decode(topic)?.count == 24)
        #expect(topic == WebPushSender.topic("6f1c2b7e-3d7a-4f55-9a51-0c6a1d1e2f3a"))
        #expect(topic != WebPushSender.topic("another"))
    }

    @Test func pushSettingsAreCheckedAtStart() throws {
        let key = Base64URL.encode(Array(P256.Signing.PrivateKey().rawRepresentation))
        #expect(try FanoutConfiguration(EnvironmentReader([:])).webPush == nil)
        #expect(throws: ConfigurationError.self) { try FanoutConfiguration(EnvironmentReader(["VAPID_PRIVATE_KEY": key])) }
        #expect(throws: ConfigurationError.self) {
            try FanoutConfiguration(EnvironmentReader(["VAPID_PRIVATE_KEY": "short", "VAPID_SUBJECT": "mailto:ops@example.com"]))
        }
        #expect(throws: ConfigurationError.self) {
            try FanoutConfiguration(EnvironmentReader(["VAPID_PRIVATE_KEY": key, "VAPID_SUBJECT": "mailto:ops@example.com", "PUSH_URGENCY": "now"]))
        }
        let configuration = try FanoutConfiguration(EnvironmentReader(["VAPID_PRIVATE_KEY": key, "VAPID_SUBJECT": "mailto:ops@example.com"]))
        #expect(configuration.webPush?.urgency == .high && configuration.webPush?.timeToLive == 86_400)
        #expect(try PushSubscriptionConfiguration(EnvironmentReader([:])).vapidPublicKey == nil)
        #expect(throws: ConfigurationError.self) { try PushSubscriptionConfiguration(EnvironmentReader(["VAPID_PUBLIC_KEY": key])) }
    }
}
