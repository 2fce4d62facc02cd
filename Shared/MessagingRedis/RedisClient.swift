public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle
import Synchronization

/// The Redis client every service shares, shaped like postgres-nio's `PostgresClient`.
///
/// Run it as a `Service` (``run()`` connects, reconnects with capped exponential back-off and
/// re-subscribes); then, from any task:
/// - ``send(_:timeout:)`` and ``send(batch:)`` pipeline commands on one shared connection;
/// - ``subscribe(to:_:)`` opens a scoped subscription on the subscriber connection;
/// - ``checkHealth()`` proves the subscriber is not deaf with a self-ping;
/// - ``withDedicatedConnection(_:)`` lends a connection of its own for blocking reads.
public final class RedisClient: Service, RedisCommandExecutor, Sendable {
    /// The configuration.
    public let configuration: RedisConfiguration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let commands: RedisConnectionKeeper
    let subscriber: RedisConnectionKeeper
    let router: RedisPushRouter
    let nextSubscriptionID = Atomic<Int>(1)
    /// How many subscriber connections were set up, and who wants to know of the ones after the first.
    let subscriberSessions = Mutex<(count: Int, observers: [@Sendable () -> Void])>((0, []))

    /// Creates a client; nothing connects until ``run()``.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        let router = RedisPushRouter(healthChannel: "__health:\(Self.randomToken())")
        self.router = router
        self.commands = RedisConnectionKeeper(
            role: "commands", configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        self.subscriber = RedisConnectionKeeper(
            role: "subscriber", configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger,
            onPush: { router.deliver($0) })
    }

    /// Keeps both connections up until the task is cancelled or a graceful shutdown arrives.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    await self.commands.run(prepare: { _ in })
                }
                group.addTask {
                    await self.subscriber.run(prepare: { connection in
                        try await self.resubscribeAll(on: connection)
                    })
                }
            }
        }
        commands.shutdown()
        subscriber.shutdown()
        router.finishAll()
    }

    public var keyPrefix: String { configuration.keyPrefix }

    /// Calls `observer` each time the subscriber connection came back and every channel is
    /// subscribed again: what was published meanwhile was lost for this client, and whoever keeps
    /// state from pub/sub can catch up.
    public func whenResubscribed(_ observer: @escaping @Sendable () -> Void) {
        subscriberSessions.withLock { $0.observers.append(observer) }
    }

    /// Sends one command on the shared connection; concurrent callers are pipelined.
    public func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue {
        try await commands.connection().send(command, timeout: timeout)
    }

    /// Sends many commands in one write and one event-loop hop; replies in order, errors in place.
    public func send(batch commands: [RedisCommand]) async throws -> [RESPValue] {
        try await self.commands.connection().send(batch: commands)
    }

    /// Opens a connection of its own for the duration of `body` (for `XREADGROUP … BLOCK`), then closes it.
    public func withDedicatedConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await RedisConnection.connect(configuration: configuration, eventLoop: eventLoopGroup.next())
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    static func randomToken() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<16).map { _ in alphabet.randomElement()! })
    }
}
