/// The messages of a scoped subscription, and the way to change its channels at run time.
///
/// Obtained from ``RedisClient/subscribe(to:_:)``; ends when the scope ends or the client shuts down.
public struct RedisSubscription: AsyncSequence, Sendable {
    public typealias Element = RedisPushMessage

    let id: Int
    let client: RedisClient
    let stream: AsyncStream<RedisPushMessage>

    public func makeAsyncIterator() -> AsyncStream<RedisPushMessage>.AsyncIterator {
        stream.makeAsyncIterator()
    }

    /// Adds channels (unprefixed names); returns once Redis confirmed them.
    public func subscribe(to channels: [String]) async throws {
        try await client.changeSubscription(id: id, adding: channels, removing: [])
    }

    /// Adds and removes channels (disjoint lists) in one round trip; returns once Redis confirmed.
    public func change(adding: [String], removing: [String]) async throws {
        try await client.changeSubscription(id: id, adding: adding, removing: removing)
    }

    /// Removes channels; returns once Redis confirmed (or no other local subscription needs them).
    public func unsubscribe(from channels: [String]) async throws {
        try await client.changeSubscription(id: id, adding: [], removing: channels)
    }
}
