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
        guard !ordered.isEmpty else { return [] }
        let reply = try await redis.send(RedisCommand([.string("MGET")] + ordered.map { redis.key(RedisNames.presence($0)) }))
        guard let values = reply.array, values.count == ordered.count else {
            throw RedisClientError(.errorReply, message: "unexpected reply \(reply)", command: "MGET")
        }
        var online = Set<String>()
        for (user, value) in zip(ordered, values) {
            if case .null = value { continue }
            online.insert(user)
        }
        return online
    }
}
