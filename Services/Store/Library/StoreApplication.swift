import AsyncHTTPClient
import Foundation
public import Hummingbird
public import Logging
import MessagingDatabase
import MessagingProtocol
import MessagingRedis
import NIOCore
import NIOPosix
public import Prometheus
import ServiceKit
import StreamConsumer
import TokenVerification
import WebPush

/// Builds the message store: Redis, the database, the command consumer and the profile consumer
/// run as services; migrations run before the HTTP server starts and before the consumers read.
public func buildStoreApplication(
    configuration: StoreConfiguration,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger
) async throws -> some ApplicationProtocol {
    // Redis and PostgreSQL on one event loop: the command pipeline awaits one after the other, and
    // each hop between two loops is a wake-up of the other thread.
    let loop = MultiThreadedEventLoopGroup.singleton.next()
    let redis = RedisClient(configuration: configuration.common.redis, eventLoopGroup: loop, logger: logger)
    let verifier = try await TokenVerifier(configuration: configuration.verifier, revocations: RedisRevocationList(client: redis), logger: logger)
    let profileCache = ProfileCache()
    var processor = CommandProcessor(eventsMaxLength: configuration.eventsMaxLength, profiles: profileCache)
    processor.editWindow = configuration.editWindow
    let publisher = StorePublisher(redis: redis, instanceID: configuration.common.instanceID, eventsMaxLength: configuration.eventsMaxLength)
    let gate = StartGate()
    let database = try await DatabaseFactory.make(configuration.database, settings: .preparedIndexLookups, eventLoopGroup: loop, logger: logger)

    let executor = CommandExecutor(database: database, processor: processor, publisher: publisher)
    let commands = CommandHandler(executor: executor, metrics: StoreMetrics(), logger: logger)
    var commandStream = StreamConsumerConfiguration(stream: RedisNames.commandsStream, group: RedisNames.storeConsumerGroup, consumer: configuration.common.instanceID)
    commandStream.batchSize = configuration.batchSize
    commandStream.claimIdleTime = configuration.claimIdle
    commandStream.claimInterval = min(configuration.claimIdle, .seconds(10))
    let commandConsumer = StreamGroupConsumer(configuration: commandStream, redis: redis, gate: gate, logger: logger, batches: commands)
    let profiles = ProfileHandler(database: database, cache: profileCache, logger: logger)
    let profileConsumer = StreamGroupConsumer(
        configuration: StreamConsumerConfiguration(stream: RedisNames.profilesStream, group: RedisNames.storeProfilesGroup, consumer: configuration.common.instanceID),
        redis: redis, gate: gate, logger: logger, handler: profiles.handle)

    let router = Router()
    // W3C trace context from the caller (a span per request when tracing is on).
    router.add(middleware: TracingMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ContractErrorMiddleware(logger: logger) { ($0 as? DatabaseError)?.isTransient ?? false })
    router.add(middleware: RequestForgeryGuard(origins: configuration.common.origins, uploadPaths: ["/api/attachments"]))
    let callers = StoreCallers(verifier: verifier, writes: RateLimiterTable(rate: configuration.httpWrites))
    ConversationController(
        database: database, callers: callers, serviceCredentials: configuration.serviceCredentials, executor: executor, logger: logger
    ).add(to: router)
    let storage: any AttachmentStorage
    var httpClient: HTTPClient?
    switch configuration.attachments.storage {
    case .disk(let directory):
        storage = DiskAttachmentStorage(directory: directory)
    case .s3(let bucket):
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        httpClient = client
        storage = S3AttachmentStorage(configuration: bucket, httpClient: client)
    }
    AttachmentController(database: database, storage: storage, configuration: configuration.attachments, callers: callers, logger: logger).add(to: router)
    DeviceKeyController(database: database, callers: callers, logger: logger).add(to: router)
    PushSubscriptionController(
        directory: PushSubscriptionDirectory(redis: redis), configuration: configuration.push, callers: callers, logger: logger
    ).add(to: router)
    OperationalRoutes(checks: [RedisReadinessCheck(client: redis), ReadinessProbe(name: "database") { await database.isReady() }], registry: registry, openAPI: OpenAPIDocuments.store).add(to: router)

    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.common.httpIdleTimeout))),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.common.host, port: configuration.common.port), serverName: "inkstudio-store"),
        services: [
            redis, database, commandConsumer, profileConsumer,
            // Acknowledged entries leave the streams it reads; pending and unread ones never do.
            StreamTrimmer(redis: redis, streams: [RedisNames.commandsStream, RedisNames.profilesStream], logger: logger),
            AttachmentCollector(database: database, storage: storage, configuration: configuration.attachments, logger: logger),
        ],
        logger: logger)
    app.beforeServerStarts {
        let applied = try await Migrator.migrate(database, StoreMigrations.all)
        try await LegacyProfileGroup.remove(redis: redis, logger: logger)
        gate.open()
        logger.info(
            "message store ready",
            metadata: ["database": "\(configuration.database)", "migrations.applied": "\(applied)", "instance": "\(configuration.common.instanceID)"])
    }
    if let httpClient {
        app.addServices(HTTPClientShutdown(client: httpClient))
    }
    return app
}
