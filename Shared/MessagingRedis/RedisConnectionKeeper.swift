import Logging
import NIOCore
import Synchronization

/// Keeps one Redis connection open: connects, reconnects with capped exponential back-off, and
/// hands the current connection to callers (waiting up to the connect timeout while it is down).
final class RedisConnectionKeeper: Sendable {
    typealias Waiter = CheckedContinuation<RedisConnection, any Error>

    let role: String
    private let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onPush: (@Sendable ([RedisPushMessage]) -> Void)?
    private let state: Mutex<RedisConnectionStateMachine<RedisConnection, Waiter>>
    private let nextWaiterID = Atomic<Int>(0)

    init(
        role: String,
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        onPush: (@Sendable ([RedisPushMessage]) -> Void)? = nil
    ) {
        self.role = role
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onPush = onPush
        self.state = Mutex(
            RedisConnectionStateMachine(
                backoff: ReconnectBackoff(
                    initialDelay: configuration.reconnectInitialDelay,
                    maximumDelay: configuration.reconnectMaximumDelay)))
    }

    /// Connects and reconnects until the task is cancelled.
    ///
    /// - Parameter prepare: runs on every new connection before callers get it (the subscriber
    ///   re-subscribes its channels there).
    func run(prepare: @Sendable (RedisConnection) async throws -> Void) async {
        var failuresInARow = 0
        while !Task.isCancelled {
            state.withLock { $0.connectStarted() }
            do {
                let connection = try await RedisConnection.connect(
                    configuration: configuration, eventLoop: eventLoopGroup.next(), onPush: onPush)
                do {
                    try await prepare(connection)
                } catch {
                    await connection.close()
                    throw error
                }
                switch state.withLock({ $0.connected(connection) }) {
                case .close(let connection):
                    await connection.close()
                    return
                case .resumeWaiters(let waiters, let connection):
                    for waiter in waiters { waiter.resume(returning: connection) }
                }
                failuresInARow = 0
                logger.info("redis connected", metadata: ["redis.role": "\(role)", "redis.address": "\(configuration)"])
                await withTaskCancellationHandler {
                    await connection.closed()
                } onCancel: {
                    connection.channel.close(promise: nil)
                }
                if !Task.isCancelled {
                    logger.warning("redis connection lost", metadata: ["redis.role": "\(role)"])
                }
            } catch {
                failuresInARow += 1
                // The first failure of an outage and every tenth after it; the rest at debug level.
                let level: Logger.Level = failuresInARow == 1 || failuresInARow % 10 == 0 ? .warning : .debug
                logger.log(
                    level: level,
                    "redis connection failed",
                    metadata: [
                        "redis.role": "\(role)", "redis.address": "\(configuration)", "error": "\(error)",
                        "redis.attempt": "\(failuresInARow)",
                    ])
            }
            switch state.withLock({ $0.disconnected() }) {
            case .stop:
                return
            case .reconnect(let delay):
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    break
                }
            }
        }
        shutdown()
    }

    /// Fails every waiter and closes the connection; later calls to ``connection()`` fail at once.
    func shutdown() {
        let action = state.withLock { $0.shutdown() }
        switch action {
        case .failWaiters(let waiters, let connection):
            let error = RedisClientError(.unavailable, message: "the Redis client is shut down")
            for waiter in waiters { waiter.resume(throwing: error) }
            connection?.channel.close(promise: nil)
        }
    }

    /// The current connection, waiting up to the connect timeout for one.
    func connection() async throws -> RedisConnection {
        if let connection = state.withLock({ $0.connection }) { return connection }
        let timeout = configuration.connectTimeout
        let role = self.role
        return try await withThrowingTaskGroup(of: RedisConnection.self) { group in
            group.addTask { try await self.waitForConnection() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw RedisClientError(.unavailable, message: "no \(role) connection to Redis within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private func waitForConnection() async throws -> RedisConnection {
        let id = nextWaiterID.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Waiter) in
                switch state.withLock({ $0.addWaiter(id: id, continuation) }) {
                case .resume(let connection): continuation.resume(returning: connection)
                case .fail: continuation.resume(throwing: RedisClientError(.unavailable, message: "the Redis client is shut down"))
                case .wait:
                    // Cancelled before the waiter was registered: the handler below found nothing to remove.
                    if Task.isCancelled {
                        state.withLock { $0.removeWaiter(id: id) }?.resume(throwing: CancellationError())
                    }
                }
            }
        } onCancel: {
            state.withLock { $0.removeWaiter(id: id) }?.resume(throwing: CancellationError())
        }
    }
}
