import Synchronization

/// Token buckets by key (a user, an address), made on first use and forgotten once full again, so
/// the table holds only keys that acted recently.
public final class RateLimiterTable<Key: Hashable & Sendable>: Sendable {
    private struct State {
        var buckets: [Key: TokenBucket] = [:]
        var pruneAt = 1024
    }

    /// Every key's rate.
    public let rate: TokenBucket.Rate
    private let state = Mutex(State())

    /// A table with one rate for every key.
    public init(rate: TokenBucket.Rate) { self.rate = rate }

    /// Takes a token of `key`'s bucket; `nil` when taken, else how long until one is back.
    public func take(_ key: Key, now: ContinuousClock.Instant = .now) -> Duration? {
        state.withLock { state in
            var bucket = state.buckets[key] ?? TokenBucket(rate: rate, now: now)
            let taken = bucket.take(now: now)
            state.buckets[key] = bucket
            if state.buckets.count >= state.pruneAt {
                state.buckets = state.buckets.filter { !$0.value.isFull(now: now) }
                state.pruneAt = max(1024, state.buckets.count * 2)
            }
            return taken ? nil : bucket.wait(now: now)
        }
    }

    /// Keys held (for tests and metrics).
    public var count: Int { state.withLock { $0.buckets.count } }
}
