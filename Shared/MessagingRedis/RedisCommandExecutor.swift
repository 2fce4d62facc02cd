/// Something that runs Redis commands: the ``RedisClient`` (on its shared, pipelined connection)
/// or one ``RedisConnection``. The typed commands in its extensions apply ``keyPrefix`` to every
/// key, stream and channel name; ``send(_:timeout:)`` sends a raw command as it is.
public protocol RedisCommandExecutor: Sendable {
    /// The prefix the typed commands put before key, stream and channel names.
    var keyPrefix: String { get }
    /// Sends one command; an error reply throws ``RedisClientError`` `.errorReply`.
    func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue
    /// Sends many commands in one write; error replies stay in place.
    func send(batch commands: [RedisCommand]) async throws -> [RESPValue]
}

extension RedisCommandExecutor {
    /// Sends one command with the default timeout.
    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await send(command, timeout: nil)
    }

    /// A key, stream or channel name behind the prefix.
    public func key(_ name: String) -> RedisArgument {
        .prefixed(prefix: keyPrefix, name: name)
    }
}

extension RedisConnection: RedisCommandExecutor {
    public var keyPrefix: String { configuration.keyPrefix }
}
