import AsyncHTTPClient
import Foundation
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Delivers the due offline notifications to the platform's webhook, signed; failed attempts are
/// retried with capped exponential back-off, and after the last one the notification goes to the
/// `notifications:dead` stream. A user who came back online meanwhile is not notified.
final class WebhookDispatcher: Service {
    let configuration: WebhookConfiguration
    let queue: NotificationQueue
    let redis: RedisClient
    let signer: WebhookSigner
    let metrics: FanoutMetrics
    let logger: Logger
    let httpClient: HTTPClient
    /// How often due notifications are looked for.
    let pollInterval: Duration
    /// Notifications claimed (and delivered concurrently) at once.
    let concurrency = 16
    /// Bound on the dead-letter stream.
    let deadLetterMaxLength = 100_000

    init(configuration: WebhookConfiguration, queue: NotificationQueue, redis: RedisClient, metrics: FanoutMetrics, logger: Logger) {
        self.configuration = configuration
        self.queue = queue
        self.redis = redis
        self.signer = WebhookSigner(secret: configuration.secret)
        self.metrics = metrics
        self.logger = logger
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        self.pollInterval = min(.milliseconds(100), max(.milliseconds(10), configuration.window / 10))
    }

    func run() async throws {
        logger.info("offline notifications on", metadata: ["webhook": "\(configuration.url)", "window": "\(configuration.window)"])
        // A shutdown lets the notifications in hand finish; only the waits between rounds are cut short.
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var pause = pollInterval
            do {
                if try await deliverDue() == concurrency { pause = .zero }
            } catch {
                logger.warning("notification queue unavailable", metadata: ["error": "\(error)"])
                pause = .seconds(1)
            }
            if pause > .zero { try? await cancelWhenGracefulShutdown { [pause] in try await Task.sleep(for: pause) } }
        }
        try? await httpClient.shutdown()
        logger.info("notification dispatcher stopped")
    }

    /// Claims and handles what is due; returns how many it claimed.
    func deliverDue() async throws -> Int {
        let now = Date()
        let lease = (configuration.timeout * 2 + .seconds(5)) / .seconds(1)
        let claims = try await queue.claimDue(now: now, leaseUntil: now + lease, limit: concurrency)
        await withTaskGroup(of: Void.self) { group in
            for claim in claims {
                group.addTask { await self.handle(claim) }
            }
        }
        if let depth = try? await queue.depth() { metrics.queued(depth) }
        return claims.count
    }

    private func handle(_ claim: NotificationQueue.Claim) async {
        var metadata: Logger.Metadata = ["user": "\(claim.userId)", "notification": "\(claim.notification.id)", "attempt": "\(claim.attempt)"]
        do {
            let nextWindow = Date() + configuration.window / .seconds(1)
            if try await Presence(redis: redis).online([claim.userId]).contains(claim.userId) {
                metrics.notificationSkipped()
                logger.debug("user back online: notification dropped", metadata: metadata)
                try await queue.finish(claim, nextDueAt: nextWindow)
                return
            }
            var notification = claim.notification
            notification.messageCount = claim.messages
            let failure = await post(notification)
            guard let failure else {
                metrics.notificationSent()
                logger.info("notification delivered", metadata: metadata)
                try await queue.finish(claim, nextDueAt: nextWindow)
                return
            }
            metadata["error"] = "\(failure)"
            if let delay = configuration.retry.delay(afterFailedAttempts: claim.attempt) {
                metrics.notificationRetried()
                metadata["retry.in"] = "\(delay)"
                logger.warning("notification not delivered: will retry", metadata: metadata)
                try await queue.retry(claim, at: Date() + delay / .seconds(1))
            } else {
                metrics.notificationDeadLettered()
                logger.error("notification not delivered after the last attempt: dead-lettered", metadata: metadata)
                _ = try await redis.xadd(
                    RedisNames.notificationsDeadLetterStream,
                    fields: [
                        ("recipientId", claim.userId), ("attempts", String(claim.attempt)), ("error", failure),
                        ("notification", notification.jsonString),
                    ], maxLength: deadLetterMaxLength)
                try await queue.finish(claim, nextDueAt: nextWindow)
            }
        } catch {
            // The lease ends and the notification is claimed again.
            metadata["error"] = "\(error)"
            logger.warning("notification queue unavailable: left for its lease to end", metadata: metadata)
        }
    }

    /// One signed POST; `nil` on a 2xx answer, else what went wrong.
    private func post(_ notification: WebhookNotification) async -> String? {
        do {
            let body = notification.writtenJSON
            var request = HTTPClientRequest(url: configuration.url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "inkstudio-fanout")
            request.headers.add(name: "X-InkStudio-Notification-Id", value: notification.id)
            request.headers.add(name: WebhookSigner.headerName, value: signer.signature(body: body, at: Date()))
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(configuration.timeout / .nanoseconds(1))))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return (200..<300).contains(response.status.code) ? nil : "HTTP \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }
}
