public import NIOCore
import NIOPosix

/// One connection to Redis: pipelined commands, replies matched in order.
///
/// ``RedisClient`` keeps one for shared commands and one for subscriptions, and reconnects them;
/// a dedicated connection (``RedisClient/withDedicatedConnection(_:)``) serves blocking reads.
public final class RedisConnection: Sendable {
    let channel: any Channel
    let configuration: RedisConfiguration

    private init(channel: any Channel, configuration: RedisConfiguration) {
        self.channel = channel
        self.configuration = configuration
    }

    /// Connects, authenticates and selects the database.
    ///
    /// - Parameter onPush: set for a subscriber connection; receives every `message`, those of one
    ///   read together.
    public static func connect(
        configuration: RedisConfiguration,
        eventLoop: any EventLoop,
        onPush: (@Sendable ([RedisPushMessage]) -> Void)? = nil
    ) async throws -> RedisConnection {
        let commandTimeout = TimeAmount(configuration.commandTimeout)
        let prefix = configuration.keyPrefix
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = RedisChannelHandler(commandTimeout: commandTimeout, prefix: prefix, onPush: onPush)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            throw RedisClientError(.unavailable, message: "cannot connect to \(configuration): \(error)")
        }
        let connection = RedisConnection(channel: channel, configuration: configuration)
        do {
            if let password = configuration.password {
                if let username = configuration.username {
                    _ = try await connection.send(RedisCommand("AUTH", .string(username), .string(password)))
                } else {
                    _ = try await connection.send(RedisCommand("AUTH", .string(password)))
                }
            }
            if configuration.database != 0 {
                _ = try await connection.send(RedisCommand("SELECT", .integer(configuration.database)))
            }
            try await connection.checkLoaded()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Fails with `.unavailable` while Redis is still loading its dataset (after a restart it
    /// accepts connections but answers `-LOADING` to nearly every command, for as long as reading a
    /// large dataset takes): the caller backs off and connects again, as after a refused connection,
    /// instead of handing out a connection whose first command fails.
    func checkLoaded() async throws {
        do {
            _ = try await send(RedisCommand("PING"), timeout: nil)
        } catch let error as RedisClientError where error.code == .errorReply && error.message.hasPrefix("LOADING") {
            throw RedisClientError(.unavailable, message: "\(configuration) is still loading its dataset", command: "PING")
        }
    }

    /// Sends one command and returns its reply; an error reply throws ``RedisClientError`` `.errorReply`.
    ///
    /// - Parameter timeout: overrides the command timeout (for blocking commands).
    public func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        let request = RedisRequest(
            commands: .one(command), expectedReplies: 1, completion: .single(promise),
            timeout: timeout.map(TimeAmount.init))
        write(request, failing: { promise.fail($0) })
        return try await promise.futureResult.get()
    }

    /// Sends many commands in one write (one event-loop hop, one flush) and returns every reply in
    /// order; error replies stay in place as ``RESPValue/error(_:)``.
    public func send(batch commands: [RedisCommand]) async throws -> [RESPValue] {
        try await enqueue(.many(commands), expectedReplies: commands.count).get()
    }

    /// Writes commands expecting `expectedReplies` replies in all (a subscribe of N channels gets N).
    ///
    /// The write is queued on the event loop in call order, so callers that serialise their calls
    /// (under a lock) get their commands on the wire in that order.
    func enqueue(_ commands: RedisRequest.Commands, expectedReplies: Int) -> EventLoopFuture<[RESPValue]> {
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        write(RedisRequest(commands: commands, expectedReplies: expectedReplies, completion: .batch(promise), timeout: nil), failing: { promise.fail($0) })
        return promise.futureResult
    }

    /// Writes a request; when the write itself fails (the channel closed and its handler is gone,
    /// so nothing else will answer the request) the request fails with `.connectionClosed`.
    private func write(_ request: RedisRequest, failing fail: @escaping @Sendable (RedisClientError) -> Void) {
        let name = request.name
        channel.writeAndFlush(request).whenFailure { error in
            fail(RedisClientError(.connectionClosed, message: "cannot write to Redis: \(error)", command: name))
        }
    }

    /// Closes the connection; pending requests fail with `.connectionClosed`.
    public func close() async {
        try? await channel.close()
    }

    /// Waits until the connection is closed, by either side.
    public func closed() async {
        try? await channel.closeFuture.get()
    }

    /// Whether the socket is still open.
    public var isActive: Bool { channel.isActive }

    /// The event loop the connection lives on.
    public var eventLoop: any EventLoop { channel.eventLoop }
}
