import AsyncHTTPClient
import Foundation
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import WebPush

/// Delivers the due offline notifications: to the user's browsers by Web Push (when VAPID keys
/// are configured) and to the platform's webhook, signed (when `WEBHOOK_URL` is set). A failed
/// webhook attempt is retried with capped exponential back-off, and after the last one the
/// notification goes to the `notifications:dead` stream; pushes are retried within the claim and
/// sent once per notification (a webhook retry does not push again). A user who came back online
/// meanwhile is not notified.
final class NotificationDispatcher: Service {
    let window: Duration
    let webhook: WebhookConfiguration?
    let push: WebPushConfiguration?
    /// Pushes to browsers, with ``push``.
    let pusher: WebPushSender?
    let queue: NotificationQueue
    let redis: RedisClient
    let signer: WebhookSigner?
    let metrics: FanoutMetrics
    let logger: Logger
    let httpClient: HTTPClient
    /// How often due notifications are looked for.
    let pollInterval: Duration
    /// Notifications claimed (and delivered concurrently) at once.
    let concurrency = 16
    /// Bound on the dead-letter stream.
    let deadLetterMaxLength = 100_000
    /// How long a notification's pushes are remembered as sent.
    let pushedTTL: Duration = .seconds(86_400)

    init(
        window: Duration, webhook: WebhookConfiguration?, push: WebPushConfiguration?, queue: NotificationQueue, redis: RedisClient,
        metrics: FanoutMetrics, logger: Logger
    ) {
        self.window = window
        self.webhook = webhook
        self.push = push
        self.queue = queue
        self.redis = redis
        self.signer = webhook.map { WebhookSigner(secret: $0.secret) }
        self.metrics = metrics
        self.logger = logger
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        self.httpClient = httpClient
        self.pusher = push.map {
            WebPushSender(configuration: $0, directory: PushSubscriptionDirectory(redis: redis), httpClient: httpClient, metrics: metrics, logger: logger)
        }
        self.pollInterval = min(.milliseconds(100), max(.milliseconds(10), window / 10))
    }

    func run() async throws {
        logger.info(
            "offline notifications on",
            metadata: [
                "webhook": "\(webhook.map { "\($0.url)" } ?? "off")", "web-push": "\(push == nil ? "off" : "on")", "window": "\(window)",
            ])
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

    /// How long a claim is held: every channel's worst case, and a margin.
    var lease: Duration { (webhook.map { $0.timeout * 2 } ?? .zero) + (push?.worstCase ?? .zero) + .seconds(5) }

    /// Claims and handles what is due; returns how many it claimed.
    func deliverDue() async throws -> Int {
        let now = Date()
        let claims = try await queue.claimDue(now: now, leaseUntil: now + lease / .seconds(1), limit: concurrency)
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
            let nextWindow = Date() + window / .seconds(1)
            if try await Presence(redis: redis).online([claim.userId]).contains(claim.userId) {
                metrics.notificationSkipped()
                logger.debug("user back online: notification dropped", metadata: metadata)
                try await queue.finish(claim, nextDueAt: nextWindow)
                return
            }
            var notification = claim.notification
            notification.messageCount = claim.messages
            if let pusher {
                try await pushOnce(notification, with: pusher, metadata: metadata)
            }
            guard let webhook, let signer else {
                metrics.notificationSent()
                try await queue.finish(claim, nextDueAt: nextWindow)
                return
            }
            let failure = await post(notification, to: webhook, signer: signer)
            guard let failure else {
                metrics.notificationSent()
                logger.info("notification delivered", metadata: metadata)
                try await queue.finish(claim, nextDueAt: nextWindow)
                return
            }
            metadata["error"] = "\(failure)"
            if let delay = webhook.retry.delay(afterFailedAttempts: claim.attempt) {
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

    /// Pushes a notification unless an earlier attempt of the same one already did.
    private func pushOnce(_ notification: WebhookNotification, with pusher: WebPushSender, metadata: Logger.Metadata) async throws {
        let marker = RedisNames.notificationPushed(notification.id)
        guard try await !redis.exists(marker) else { return }
        let browsers = await pusher.push(notification)
        try await redis.set(marker, to: ByteBuffer(string: "\(browsers)"), expiresIn: pushedTTL)
        if browsers > 0 { logger.info("notification pushed", metadata: metadata.merging(["browsers": "\(browsers)"]) { $1 }) }
    }

    /// One signed POST; `nil` on a 2xx answer, else what went wrong.
    private func post(_ notification: WebhookNotification, to configuration: WebhookConfiguration, signer: WebhookSigner) async -> String? {
        let started = ContinuousClock.now
        defer { metrics.webhookAttempt(.now - started) }
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
