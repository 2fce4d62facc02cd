import Foundation
public import Hummingbird
import HummingbirdBcrypt
public import Logging
import MessagingDatabase
import MessagingRedis
import NIOCore
import NIOPosix
public import Prometheus
import ServiceKit
import TokenVerification

/// Builds the auth service: its Redis client and database run as services beside the HTTP server;
/// migrations run before the server accepts requests. The executable and the tests call this.
public func buildAuthApplication(
    configuration: AuthConfiguration,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger
) async throws -> some ApplicationProtocol {
    // With a shared HS256 secret the other services verify with it: tokens are signed with it too.
    let keys =
        if let secret = configuration.sharedSecret {
            await SigningKeys.sharedSecret(secret)
        } else {
            try await SigningKeys.load(configuration.signingKey, publishedFiles: configuration.publishedKeyFiles)
        }
    let redis = RedisClient(configuration: configuration.common.redis, logger: logger)
    let verifier = try await TokenVerifier(
        configuration: TokenVerifierConfiguration(
            keySource: configuration.sharedSecret.map { .hs256(secret: $0) } ?? .jwksJSON(keys.jwksJSON), issuer: configuration.issuer,
            audience: configuration.audience),
        revocations: RedisRevocationList(client: redis), logger: logger)
    let hasher = PasswordHasher(cost: configuration.bcryptCost, threadPool: NIOThreadPool.singleton)
    let decoyHash = try await hasher.hash(UUID().uuidString)
    // Opened last: nothing after it can fail, and the service group closes it at shutdown.
    let database = try await DatabaseFactory.make(configuration.database, logger: logger)
    let controller = AuthController(
        users: UserRepository(database: database),
        hasher: hasher,
        issuer: TokenIssuer(keys: keys, issuer: configuration.issuer, audience: configuration.audience, lifetime: configuration.tokenLifetime),
        verifier: verifier,
        revoker: TokenRevoker(redis: redis, instanceID: configuration.common.instanceID),
        limiter: AuthRateLimiter(redis: redis, limits: configuration.attemptLimits),
        profiles: ProfileEventPublisher(redis: redis, logger: logger),
        cookie: SessionCookie(secure: configuration.cookieSecure, domain: configuration.cookieDomain),
        keys: keys,
        proxies: configuration.common.proxies,
        writes: RateLimiterTable(rate: configuration.profileWrites),
        logger: logger,
        decoyHash: decoyHash)

    let router = Router(context: AuthRequestContext.self)
    // W3C trace context from the caller (a span per request when tracing is on).
    router.add(middleware: TracingMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ContractErrorMiddleware(logger: logger) { ($0 as? DatabaseError)?.isTransient ?? false })
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: RequestForgeryGuard(origins: configuration.common.origins))
    controller.add(to: router)
    OperationalRoutes(checks: [RedisReadinessCheck(client: redis), ReadinessProbe(name: "database") { await database.isReady() }], registry: registry, openAPI: OpenAPIDocuments.auth)
        .add(to: router)

    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.common.httpIdleTimeout))),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.common.host, port: configuration.common.port), serverName: "inkstudio-auth"),
        services: [redis, database],
        logger: logger)
    app.beforeServerStarts {
        let applied = try await Migrator.migrate(database, AuthMigrations.all)
        logger.info(
            "auth service ready", metadata: [
                "database": "\(configuration.database)", "migrations.applied": "\(applied)", "jwt.kid": "\(keys.activeKid ?? "HS256 shared secret")",
                "jwt.published": "\(keys.published.map(\.kid))",
            ])
    }
    return app
}
