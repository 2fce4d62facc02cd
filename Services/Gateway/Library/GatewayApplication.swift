public import Hummingbird
import HummingbirdCore
public import Logging
import MessagingProtocol
import MessagingRedis
public import Prometheus
public import ServiceKit
public import ServiceLifecycle

/// Builds the socket gateway: the services to run, in order. The Engine.IO server comes last so a
/// graceful shutdown closes every session first (clients reconnect to another instance), then the
/// HTTP server, the broker and Redis stop.
public func buildGatewayServices(
    configuration: GatewayConfiguration,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger
) async throws -> [any Service] {
    let instanceID = configuration.common.instanceID
    let redis = RedisClient(configuration: configuration.common.redis, logger: logger)
    let verifier = try await TokenVerifier(configuration: configuration.verifier, revocations: RedisRevocationList(client: redis), logger: logger)
    let metrics = GatewayMetrics()
    let store = StoreClient(redis: redis, instanceID: instanceID, timeout: configuration.ackTimeout, logger: logger)
    let routing = RoutingBox()
    let broker = Broker(redis: redis, instanceID: instanceID, logger: logger) { target, message in routing.route(target, message) }
    let hub = Hub(
        metrics: metrics,
        onFirst: { channel, confirmed in broker.request(.subscribe(channel, confirmed)) },
        onLast: { channel in broker.request(.unsubscribe(channel)) },
        ensure: { confirmed in broker.request(.barrier(confirmed)) })
    let presence = PresenceRefresher(redis: redis, hub: hub, instanceID: instanceID, ttl: configuration.presenceTTL, logger: logger)
    let handler = MessagingEventHandler(
        hub: hub, store: store, redis: redis, typing: TypingTracker(timeout: configuration.typingTimeout), instanceID: instanceID,
        metrics: metrics, presence: presence, logger: logger)
    routing.set(handler)
    let socketIO = SocketIOServer(handler: handler, verifier: verifier, hub: hub, metrics: metrics, logger: logger)
    let engine = EngineServer(configuration: configuration.engine, handler: socketIO, shutdownGrace: configuration.shutdownGrace, metrics: metrics, logger: logger)

    let router = Router(context: PeerRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    PollingController(engine: engine, cors: CORSPolicy(origins: configuration.corsOrigins)).add(to: router)
    OperationalRoutes(checks: [RedisReadinessCheck(client: redis)], registry: registry).add(to: router)
    let upgrade = WebSocketUpgrade(engine: engine, metrics: metrics)
    let app = Application(
        router: router,
        server: HTTPServerBuilder { responder in
            EngineChildChannel(responder: responder, upgrade: upgrade, configuration: configuration.engine)
        },
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.common.host, port: configuration.common.port), serverName: "inkstudio-gateway"),
        services: [redis, broker, store, socketIO, presence],
        onServerRunning: { _ in
            logger.info(
                "gateway ready",
                metadata: ["instance": "\(instanceID)", "port": "\(configuration.common.port)", "cors": "\(configuration.corsOrigins)"])
        },
        logger: logger)
    return [app, engine]
}
