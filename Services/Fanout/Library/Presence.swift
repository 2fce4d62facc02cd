import MessagingProtocol
import MessagingRedis

/// Who is online: a user is while a gateway keeps refreshing their `presence:` key, and for the
/// key's TTL after the last one stopped (the grace period: a page reload is not a departure).
struct Presence: Sendable {
    let redis: RedisClient

    /// The users of `users` who are online.
    func online(_ users: Set<String>) async throws -> Set<String> {
        let ordered = Array(users)
        guard !ordered.isEmpty else { return [] }
        let replies = try await redis.send(batch: ordered.map { RedisCommand([.string("EXISTS"), redis.key(RedisNames.presence($0))]) })
        var online = Set<String>()
        for (user, reply) in zip(ordered, replies) {
            if case .error(let message) = reply { throw RedisClientError(.errorReply, message: message, command: "EXISTS") }
            if reply.int == 1 { online.insert(user) }
        }
        return online
    }
}
