import NIOCore

extension RedisCommandExecutor {
    /// `XADD stream [MAXLEN ~ n] * field value …`; returns the new entry id.
    ///
    /// - Parameter maxLength: trims the stream to about this many entries (`MAXLEN ~`), if set.
    @discardableResult
    public func xadd(_ stream: String, fields: [(String, String)], maxLength: Int? = nil) async throws -> String {
        var arguments: [RedisArgument] = [.string("XADD"), key(stream)]
        if let maxLength { arguments += [.string("MAXLEN"), .string("~"), .integer(maxLength)] }
        arguments.append(.string("*"))
        for (name, value) in fields { arguments += [.string(name), .string(value)] }
        let reply = try await run(RedisCommand(arguments), stream: stream)
        guard let id = reply.string else { throw RedisClientError(.unexpectedReply, command: "XADD", channel: stream) }
        return id
    }

    /// `XGROUP CREATE stream group start MKSTREAM`; `false` if the group already existed.
    ///
    /// - Parameter start: `$` (only new entries, the default) or `0` (everything in the stream).
    @discardableResult
    public func xgroupCreate(_ stream: String, group: String, start: String = "$") async throws -> Bool {
        do {
            _ = try await run(
                RedisCommand([.string("XGROUP"), .string("CREATE"), key(stream), .string(group), .string(start), .string("MKSTREAM")]),
                stream: stream)
            return true
        } catch let error as RedisClientError where error.code == .errorReply && error.message.hasPrefix("BUSYGROUP") {
            return false
        }
    }

    /// `XREADGROUP GROUP group consumer COUNT n [BLOCK ms] STREAMS stream id`.
    ///
    /// With `block`, run it on a dedicated connection (``RedisClient/withDedicatedConnection(_:)``):
    /// it holds the connection until entries arrive or the block time ends. `id` is `>` for new
    /// entries, or `0` to re-read this consumer's own pending entries.
    public func xreadgroup(
        _ stream: String, group: String, consumer: String, id: String = ">", count: Int, block: Duration? = nil
    ) async throws -> [RedisStreamEntry] {
        var arguments: [RedisArgument] = [.string("XREADGROUP"), .string("GROUP"), .string(group), .string(consumer)]
        arguments += [.string("COUNT"), .integer(count)]
        if let block {
            arguments += [.string("BLOCK"), .integer(max(1, block.wholeMilliseconds))]
        }
        arguments += [.string("STREAMS"), key(stream), .string(id)]
        let reply = try await run(RedisCommand(arguments), stream: stream, timeout: block.map { $0 + .seconds(5) })
        guard case .array(let streams) = reply else { return [] }
        var entries = [RedisStreamEntry]()
        for streamReply in streams {
            guard case .array(let pair) = streamReply, pair.count == 2, case .array(let items) = pair[1] else {
                throw RedisClientError(.unexpectedReply, message: "XREADGROUP reply", command: "XREADGROUP", channel: stream)
            }
            for item in items { entries.append(try RedisStreamEntry(reply: item)) }
        }
        return entries
    }

    /// `XACK stream group id …`; returns how many were acknowledged.
    @discardableResult
    public func xack(_ stream: String, group: String, ids: [String]) async throws -> Int {
        guard let command = xackCommand(stream, group: group, ids: ids) else { return 0 }
        return try await run(command, stream: stream).int ?? 0
    }

    /// The `XACK` command itself (`nil` for no ids), to send with other commands.
    public func xackCommand(_ stream: String, group: String, ids: [String]) -> RedisCommand? {
        guard !ids.isEmpty else { return nil }
        return RedisCommand([.string("XACK"), key(stream), .string(group)] + ids.map(RedisArgument.string))
    }

    /// `XAUTOCLAIM stream group consumer min-idle start COUNT n`: takes over entries another
    /// consumer read but did not acknowledge for at least `minIdle`.
    public func xautoclaim(
        _ stream: String, group: String, consumer: String, minIdle: Duration, start: String = "0-0", count: Int = 100
    ) async throws -> RedisAutoClaimResult {
        let reply = try await run(
            RedisCommand([
                .string("XAUTOCLAIM"), key(stream), .string(group), .string(consumer), .integer(minIdle.wholeMilliseconds),
                .string(start), .string("COUNT"), .integer(count),
            ]),
            stream: stream)
        guard case .array(let parts) = reply, parts.count >= 2, let next = parts[0].string, case .array(let items) = parts[1]
        else { throw RedisClientError(.unexpectedReply, message: "XAUTOCLAIM reply", command: "XAUTOCLAIM", channel: stream) }
        var entries = [RedisStreamEntry]()
        var deleted = [String]()
        for item in items {
            // Redis 6.2 returns deleted entries as [id, nil]; 7 lists them in a third element.
            let entry = try RedisStreamEntry(reply: item)
            if case .array(let pair) = item, pair.count == 2, pair[1].isNull {
                deleted.append(entry.id)
            } else {
                entries.append(entry)
            }
        }
        if parts.count >= 3, case .array(let ids) = parts[2] {
            deleted += ids.compactMap(\.string)
        }
        return RedisAutoClaimResult(nextStart: next, entries: entries, deletedIDs: deleted)
    }

    /// `XLEN stream`.
    public func xlen(_ stream: String) async throws -> Int {
        try await run(RedisCommand([.string("XLEN"), key(stream)]), stream: stream).int ?? 0
    }

    /// `XINFO GROUPS stream`, with each group's oldest pending id (`XPENDING stream group - + 1`);
    /// none for a stream that does not exist.
    public func xinfoGroups(_ stream: String) async throws -> [RedisStreamGroupInfo] {
        let reply: RESPValue
        do {
            reply = try await run(RedisCommand([.string("XINFO"), .string("GROUPS"), key(stream)]), stream: stream)
        } catch let error as RedisClientError where error.code == .errorReply && error.message.contains("no such key") {
            return []
        }
        var groups = [RedisStreamGroupInfo]()
        for group in reply.array ?? [] {
            let fields = group.array ?? []
            var values = [String: RESPValue]()
            var index = 0
            while index + 1 < fields.count {
                if let name = fields[index].string { values[name] = fields[index + 1] }
                index += 2
            }
            guard let name = values["name"]?.string, let last = values["last-delivered-id"]?.string else { continue }
            let pending = values["pending"]?.int ?? 0
            var oldest: String?
            if pending > 0 {
                let first = try await run(
                    RedisCommand([.string("XPENDING"), key(stream), .string(name), .string("-"), .string("+"), .integer(1)]), stream: stream)
                oldest = first.array?.first?.array?.first?.string
            }
            groups.append(RedisStreamGroupInfo(name: name, lastDeliveredID: last, pending: pending, oldestPendingID: oldest, lag: values["lag"]?.int))
        }
        return groups
    }

    /// `XRANGE stream - + COUNT count`: the oldest `count` entries.
    public func xrange(_ stream: String, count: Int) async throws -> [RedisStreamEntry] {
        let reply = try await run(RedisCommand([.string("XRANGE"), key(stream), .string("-"), .string("+"), .string("COUNT"), .integer(count)]), stream: stream)
        var entries = [RedisStreamEntry]()
        for item in reply.array ?? [] { entries.append(try RedisStreamEntry(reply: item)) }
        return entries
    }

    /// `XDEL stream id …`; how many went.
    @discardableResult
    public func xdel(_ stream: String, ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await run(RedisCommand([.string("XDEL"), key(stream)] + ids.map { .string($0) }), stream: stream).int ?? 0
    }

    /// `XTRIM stream MINID minID`: removes the entries older than `minID`; how many.
    @discardableResult
    public func xtrim(_ stream: String, minID: String) async throws -> Int {
        try await run(RedisCommand([.string("XTRIM"), key(stream), .string("MINID"), .string(minID)]), stream: stream).int ?? 0
    }

    /// Runs a command, attaching the command name and stream to any error.
    func run(_ command: RedisCommand, stream: String, timeout: Duration? = nil) async throws -> RESPValue {
        do {
            return try await send(command, timeout: timeout)
        } catch let error as RedisClientError {
            throw error.with(command: command.name, channel: stream)
        }
    }
}
