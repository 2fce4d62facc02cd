public import Hummingbird
public import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import NIOPosix
public import Prometheus
import ServiceKit
import ServiceLifecycle
import StreamConsumer

/// Builds the notification fan-out: Redis, the `events` consumer and, with a webhook or Web Push
/// configured, the offline-notification dispatcher, beside the operational HTTP routes.
public func buildFanoutApplication(
    configuration: FanoutConfiguration,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger
) -> some ApplicationProtocol {
    // Every connection on one event loop: a batch awaits one Redis answer after another, and a
    // hop between two loops wakes the other thread each time.
    let redis = RedisClient(configuration: configuration.common.redis, eventLoopGroup: MultiThreadedEventLoopGroup.singleton.next(), logger: logger)
    let metrics = FanoutMetrics()
    let notifies = configuration.webhook != nil || configuration.webPush != nil
    let queue = notifies ? NotificationQueue(redis: redis, seenTTL: .seconds(7 * 86_400)) : nil
    let handler = FanoutEventHandler(redis: redis, queue: queue, window: configuration.notificationWindow, metrics: metrics, logger: logger)
    var stream = StreamConsumerConfiguration(stream: RedisNames.eventsStream, group: RedisNames.fanoutConsumerGroup, consumer: configuration.common.instanceID)
    stream.batchSize = configuration.batchSize
    stream.claimIdleTime = configuration.claimIdle
    stream.claimInterval = min(configuration.claimIdle, .seconds(10))
    stream.gatherTime = configuration.coalesceWindow > .zero ? configuration.coalesceWindow : nil
    let consumer = StreamGroupConsumer(configuration: stream, redis: redis, logger: logger, handler: handler.handle)

    var services: [any Service] = [redis, consumer, StreamTrimmer(redis: redis, streams: [RedisNames.eventsStream], logger: logger)]
    if let queue {
        services.append(
            NotificationDispatcher(
                window: configuration.notificationWindow, webhook: configuration.webhook, push: configuration.webPush, queue: queue, redis: redis,
                metrics: metrics, logger: logger))
    } else {
        logger.notice("offline notifications off: neither WEBHOOK_URL nor VAPID_PRIVATE_KEY is set")
    }
    if let push = configuration.webPush {
        logger.info("web push on: the store's VAPID_PUBLIC_KEY must be this key", metadata: ["vapid.public-key": "\(VAPIDSigner(key: push.key, subject: push.subject).publicKey)"])
    }

    let router = Router()
    router.add(middleware: MetricsMiddleware())
    OperationalRoutes(checks: [RedisReadinessCheck(client: redis)], registry: registry, openAPI: OpenAPIDocuments.fanout).add(to: router)
    let app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.common.httpIdleTimeout))),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.common.host, port: configuration.common.port), serverName: "inkstudio-fanout"),
        services: services,
        logger: logger)
    logger.info("notification fan-out starting", metadata: ["instance": "\(configuration.common.instanceID)"])
    return app
}
