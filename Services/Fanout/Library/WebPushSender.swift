import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import ServiceKit
import WebPush

/// Pushes an offline notification to each of a user's browsers (RFC 8030): the notification's
/// JSON encrypted for the subscription (RFC 8291), a VAPID token (RFC 8292), `TTL`, `Urgency`, and
/// a `Topic` per conversation so a browser that was away gets the newest notification of each
/// conversation, not a pile. A 429, a 5xx or no answer is tried again (after `Retry-After` when
/// the push service gives one, at most ``maximumRetryAfter``); a 404 or 410 means the browser
/// dropped the subscription, which is forgotten.
struct WebPushSender: Sendable {
    /// The longest `Retry-After` honoured within one notification's delivery.
    static let maximumRetryAfter: Duration = .seconds(10)

    let configuration: WebPushConfiguration
    let directory: PushSubscriptionDirectory
    let httpClient: HTTPClient
    let metrics: FanoutMetrics
    let logger: Logger

    /// How one attempt ended.
    enum Outcome: Equatable {
        case delivered
        /// The subscription is gone (404, 410).
        case expired
        /// Worth another attempt, after the wait the push service asked for, if any.
        case transient(String, retryAfter: Duration?)
        case refused(String)
    }

    /// Pushes to every subscription of the recipient, concurrently; how many browsers took it.
    func push(_ notification: WebhookNotification) async -> Int {
        let subscriptions: [PushSubscription]
        do {
            subscriptions = try await directory.subscriptions(of: notification.recipientId)
        } catch {
            logger.warning("push subscriptions unreadable: no push", metadata: ["user": "\(notification.recipientId)", "error": "\(error)"])
            return 0
        }
        guard !subscriptions.isEmpty else { return 0 }
        let payload = notification.writtenJSON
        return await withTaskGroup(of: Bool.self) { group in
            for subscription in subscriptions {
                group.addTask { await deliver(payload, to: subscription, notification: notification) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    private func deliver(_ payload: [UInt8], to subscription: PushSubscription, notification: WebhookNotification) async -> Bool {
        var metadata: Logger.Metadata = [
            "user": "\(notification.recipientId)", "notification": "\(notification.id)", "push.service": "\(subscription.endpoint.host ?? "")",
        ]
        guard configuration.services.allows(subscription.endpoint) else {
            metrics.push(.refused)
            logger.warning("push endpoint not in PUSH_SERVICE_ORIGINS: not contacted", metadata: metadata)
            return false
        }
        var attempt = 1
        while true {
            let outcome = await post(payload, to: subscription, topic: Self.topic(notification.conversationId))
            metadata["attempt"] = "\(attempt)"
            switch outcome {
            case .delivered:
                metrics.push(.delivered)
                logger.debug("push delivered", metadata: metadata)
                return true
            case .expired:
                metrics.push(.expired)
                logger.info("push subscription gone (404/410): forgotten", metadata: metadata)
                _ = try? await directory.remove(endpoint: subscription.endpoint.absoluteString, for: notification.recipientId)
                return false
            case .refused(let reason):
                metrics.push(.refused)
                metadata["error"] = "\(reason)"
                logger.error("push refused (a 401/403 means VAPID_PRIVATE_KEY is not the key the browser subscribed with)", metadata: metadata)
                return false
            case .transient(let reason, let retryAfter):
                metadata["error"] = "\(reason)"
                guard let delay = configuration.retry.delay(afterFailedAttempts: attempt) else {
                    metrics.push(.failed)
                    logger.warning("push not delivered after the last attempt", metadata: metadata)
                    return false
                }
                let wait = min(retryAfter.map { max($0, delay) } ?? delay, max(delay, Self.maximumRetryAfter))
                metrics.push(.retried)
                metadata["retry.in"] = "\(wait)"
                logger.info("push not delivered: will retry", metadata: metadata)
                try? await Task.sleep(for: wait)
                attempt += 1
            }
        }
    }

    private func post(_ payload: [UInt8], to subscription: PushSubscription, topic: String) async -> Outcome {
        let started = ContinuousClock.now
        defer { metrics.pushAttempt(.now - started) }
        do {
            let body = try WebPushEncryption.encrypt(payload, p256dh: subscription.p256dh, auth: subscription.auth)
            var request = HTTPClientRequest(url: subscription.endpoint.absoluteString)
            request.method = .POST
            request.headers.add(name: "Authorization", value: try VAPIDSigner(key: configuration.key, subject: configuration.subject).authorization(for: subscription.endpoint))
            request.headers.add(name: "Content-Encoding", value: "aes128gcm")
            request.headers.add(name: "Content-Type", value: "application/octet-stream")
            request.headers.add(name: "TTL", value: String(configuration.timeToLive))
            request.headers.add(name: "Urgency", value: configuration.urgency.rawValue)
            request.headers.add(name: "Topic", value: topic)
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(configuration.timeout / .nanoseconds(1))))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return Self.outcome(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"))
        } catch let failure as WebPushEncryption.Failure {
            return .refused("\(failure)")
        } catch {
            return .transient("\(error)", retryAfter: nil)
        }
    }

    /// What an answer means (RFC 8030 §5, §8.3).
    static func outcome(status: Int, retryAfter: String?) -> Outcome {
        switch status {
        case 200..<300: .delivered
        case 404, 410: .expired
        case 429, 500..<600: .transient("HTTP \(status)", retryAfter: retryAfter.flatMap { Int($0) }.map { .seconds(max(0, $0)) })
        default: .refused("HTTP \(status)")
        }
    }

    /// The `Topic` of a conversation's pushes: 32 base64url characters (RFC 8030 §5.4's limit),
    /// from a hash of its id.
    static func topic(_ conversationId: String) -> String {
        Base64URL.encode(SHA256.hash(data: Array(conversationId.utf8)).prefix(24))
    }
}
