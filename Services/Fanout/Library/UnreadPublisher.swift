import MessagingProtocol
import MessagingRedis
import NIOCore

/// Publishes `unread-count-updated` on `user:{id}`, so every socket of the user on every gateway
/// gets it, never an older count after a newer one: each publish is a Lua script that compares the
/// update's stream-entry version with the last one published for the user (several fan-out
/// instances, a redelivered or claimed entry: the older count is dropped).
struct UnreadPublisher: Sendable {
    let redis: RedisClient
    let instanceID: String
    let versionTTL: Duration

    /// Publishes the updates in one pipelined write; returns how many were newer than what was sent.
    func publish(_ updates: [UnreadUpdate]) async throws -> Int {
        guard !updates.isEmpty else { return 0 }
        var commands = [RedisCommand]()
        commands.reserveCapacity(updates.count)
        for update in updates {
            let header = BroadcastHeader(event: ServerEvent.unreadCountUpdated.rawValue, origin: instanceID)
            let envelope = BroadcastEnvelope(header: header, body: update.payload.jsonString)
            commands.append(
                RedisCommand([
                    .string("EVAL"), .string(Self.script), .integer(2),
                    redis.key(RedisNames.unreadVersion(update.userId)), redis.key(RedisNames.user(update.userId)),
                    .string(update.version), .bytes(ByteBuffer(bytes: envelope.encoded())), .integer(versionTTL.wholeMilliseconds),
                ]))
        }
        let replies = try await redis.send(batch: commands)
        if let failure = replies.first(where: { if case .error = $0 { true } else { false } }) {
            throw RedisClientError(.errorReply, message: "\(failure)", command: "EVAL unread")
        }
        return replies.reduce(0) { $0 + ($1.int ?? 0) }
    }

    // KEYS: version key, user channel. ARGV: version (`ms-n`), envelope, TTL ms.
    // Stream ids compare as (ms, n); Lua numbers hold millisecond timestamps exactly.
    static let script = """
        local current = redis.call('GET', KEYS[1])
        local ms, n = string.match(ARGV[1], '^(%d+)-(%d+)$')
        if not ms then return redis.error_reply('bad version') end
        ms, n = tonumber(ms), tonumber(n)
        if current then
          local cms, cn = string.match(current, '^(%d+)-(%d+)$')
          cms, cn = tonumber(cms), tonumber(cn)
          if cms and (ms < cms or (ms == cms and n <= cn)) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        redis.call('PUBLISH', KEYS[2], ARGV[2])
        return 1
        """
}
