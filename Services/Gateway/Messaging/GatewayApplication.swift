import EngineIO
import Hummingbird
import HummingbirdCore
public import Logging
import MessagingProtocol
import MessagingRedis
public import Prometheus
import ServiceKit
public import ServiceLifecycle
import SocketIO
import TokenVerification

/// Builds the socket gateway: the services to run, in order. The Engine.IO server comes last so a
/// graceful shutdown closes every session first (clients reconnect to another instance), then the
/// HTTP server, the broker and Redis stop.
///
/// The layers: Engine.IO sessions (``EngineServer``, polling and WebSocket) hand their packets to
/// the Socket.IO server, which serves the `/messaging` namespace (``MessagingNamespace``); room
/// events between instances go through the ``RoomBroker`` (Redis pub/sub), and replies of the
/// message store straight to the ``StoreClient``.
public func buildGatewayServices(
    configuration: GatewayConfiguration,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger
) async throws -> [any Service] {
    let instanceID = configuration.common.instanceID
    let redis = RedisClient(configuration: configuration.common.redis, logger: logger)
    let verifier = try await TokenVerifier(configuration: configuration.verifier, revocations: RedisRevocationList(client: redis), logger: logger)
    let metrics = GatewayMetrics()
    let backlog = CommandBacklog(redis: redis, limit: configuration.commandBacklogLimit, logger: logger)
    let parts = MessagingGatewayParts(
        redis: redis, instanceID: instanceID, ackTimeout: configuration.ackTimeout, typingTimeout: configuration.typingTimeout,
        presenceTTL: configuration.presenceTTL, verifier: verifier, metrics: metrics, backlog: backlog,
        recoveryWindow: configuration.recoveryWindow, origins: configuration.common.origins,
        limits: configuration.limits, logger: logger
    ) { queue, deliver in
        RedisRoomBroker(redis: redis, instanceID: instanceID, queue: queue, logger: logger, deliver: deliver)
    }
    // Publishes made while the subscriber was away are lost for this instance: its rooms catch up.
    // …and the commands still waiting for a reply are queued again (the store answers once more).
    redis.whenResubscribed { [delivery = parts.delivery, store = parts.store] in
        delivery.catchUpAll()
        Task { await store.requeueWaiting() }
    }
    let repairer = RoomRepairer(delivery: parts.delivery, hub: parts.hub, store: parts.store, patience: configuration.gapPatience, logger: logger)
    let lifetimes = TokenLifetimeWatch(
        hub: parts.hub, revocations: RedisRevocationList(client: redis), grace: configuration.tokenExpiryGrace, recheck: configuration.revocationRecheck, metrics: metrics, logger: logger)
    let engineMetrics = EngineMetrics()
    let engine = EngineServer(
        configuration: configuration.engine, handler: SocketIOServer(application: parts.namespace, logger: logger),
        shutdownGrace: configuration.shutdownGrace, metrics: engineMetrics,
        admission: GatewayAdmission(limits: configuration.limits, proxies: configuration.common.proxies, metrics: metrics), logger: logger)

    let router = Router(context: PeerRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    PollingController(engine: engine, cors: CORSPolicy(origins: configuration.common.origins.entries)).add(to: router)
    OperationalRoutes(checks: [RedisReadinessCheck(client: redis)], registry: registry, openAPI: OpenAPIDocuments.gateway).add(to: router)
    let upgrade = WebSocketUpgrade(engine: engine, metrics: engineMetrics)
    let app = Application(
        router: router,
        server: HTTPServerBuilder { responder in
            EngineChildChannel(responder: responder, upgrade: upgrade, configuration: configuration.engine)
        },
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.common.host, port: configuration.common.port), serverName: "inkstudio-gateway"),
        services: [redis, parts.broker, parts.store, TypingSweeper(handler: parts.handler), parts.presence, repairer, backlog, lifetimes],
        onServerRunning: { _ in
            logger.info(
                "gateway ready",
                metadata: ["instance": "\(instanceID)", "port": "\(configuration.common.port)", "cors": "\(configuration.common.origins.entries)"])
        },
        logger: logger)
    return [app, engine]
}
