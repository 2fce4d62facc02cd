public import NIOCore

extension RedisCommandExecutor {
    /// `GET key`; `nil` when absent.
    public func get(_ name: String) async throws -> ByteBuffer? {
        try await run(RedisCommand([.string("GET"), key(name)]), stream: name).buffer
    }

    /// `SET key value [PX ms]`.
    public func set(_ name: String, to value: ByteBuffer, expiresIn: Duration? = nil) async throws {
        var arguments: [RedisArgument] = [.string("SET"), key(name), .bytes(value)]
        if let expiresIn {
            arguments += [.string("PX"), .integer(max(1, expiresIn.wholeMilliseconds))]
        }
        _ = try await run(RedisCommand(arguments), stream: name)
    }

    /// `DEL key …`; how many existed.
    @discardableResult
    public func delete(_ names: [String]) async throws -> Int {
        guard !names.isEmpty else { return 0 }
        return try await run(RedisCommand([.string("DEL")] + names.map(key)), stream: names[0]).int ?? 0
    }

    /// `EXISTS key`.
    public func exists(_ name: String) async throws -> Bool {
        (try await run(RedisCommand([.string("EXISTS"), key(name)]), stream: name).int ?? 0) > 0
    }
}
