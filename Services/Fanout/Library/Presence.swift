import MessagingProtocol
import MessagingRedis

/// Who is online: a user is while a gateway keeps refreshing their `presence:` key, and for the
/// key's TTL after the last one stopped (the grace period: a page reload is not a departure).
struct Presence: Sendable {
    let redis: RedisClient

    /// The users of `users` who are online: one `MGET` for all of them (one command for Redis to
    /// parse and run, not one `EXISTS` per recipient).
    func online(_ users: Set<String>) async throws -> Set<String> {
        let ordered = Array(users)
        guard let command = command(for: ordered) else { return [] }
        return try Self.online(ordered, from: try await redis.send(command))
    }

    /// The `MGET` of `users`' presence keys (`nil` for none), to send alone or with other commands.
    func command(for users: [String]) -> RedisCommand? {
        guard !users.isEmpty else { return nil }
        return RedisCommand([.string("MGET")] + users.map { redis.key(RedisNames.presence($0)) })
    }

    /// Those of `users` (in the order the `MGET` named them) it found present.
    static func online(_ users: [String], from reply: RESPValue) throws -> Set<String> {
        guard let values = reply.array, values.count == users.count else {
            throw RedisClientError(.errorReply, message: "unexpected reply \(reply)", command: "MGET")
        }
        var online = Set<String>()
        for (user, value) in zip(users, values) {
            if case .null = value { continue }
            online.insert(user)
        }
        return online
    }
}
