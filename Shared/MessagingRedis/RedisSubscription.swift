/// The messages of a scoped subscription, and the way to change its channels at run time.
///
/// Obtained from ``RedisClient/subscribe(to:_:)``; ends when the scope ends or the client shuts down.
/// Iterated, it gives one message at a time; ``batches`` gives the messages of one read together
/// (what one publish transaction sent, typically), for a consumer that handles them as one unit.
public struct RedisSubscription: AsyncSequence, Sendable {
    public typealias Element = RedisPushMessage

    let id: Int
    let client: RedisClient
    let stream: AsyncStream<[RedisPushMessage]>

    /// The messages, each read's in one array, in order.
    public var batches: AsyncStream<[RedisPushMessage]> { stream }

    public func makeAsyncIterator() -> Iterator {
        Iterator(batches: stream.makeAsyncIterator())
    }

    /// One message at a time, out of the batches.
    public struct Iterator: AsyncIteratorProtocol {
        var batches: AsyncStream<[RedisPushMessage]>.AsyncIterator
        var current: ArraySlice<RedisPushMessage> = []

        public mutating func next() async -> RedisPushMessage? {
            while current.isEmpty {
                guard let batch = await batches.next() else { return nil }
                current = batch[...]
            }
            return current.popFirst()
        }
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
