public import MessagingRedis

/// Acknowledges a consumer group's entries (`XACK`): on its own, or as a command a handler sends in
/// the same write as the work that finished them (one round trip less per batch).
public struct StreamAcknowledger: Sendable {
    let redis: RedisClient
    let stream: String
    let group: String

    /// `XACK stream group ids…`, or `nil` when there is nothing to acknowledge.
    public func command(for ids: [String]) -> RedisCommand? {
        redis.xackCommand(stream, group: group, ids: ids)
    }

    /// Acknowledges `ids` in a command of its own.
    public func acknowledge(_ ids: [String]) async throws {
        try await redis.xack(stream, group: group, ids: ids)
    }
}
