/// A token bucket: up to `burst` actions at once, refilled at `perSecond`; pure (the caller says
/// what time it is).
public struct TokenBucket: Sendable, Hashable {
    /// A bucket's size and refill.
    public struct Rate: Sendable, Hashable {
        /// Tokens added per second.
        public var perSecond: Double
        /// The most tokens held (and the first burst allowed).
        public var burst: Double

        /// A rate; `burst` at least 1.
        public init(perSecond: Double, burst: Double) {
            self.perSecond = perSecond
            self.burst = max(burst, 1)
        }
    }

    /// The refill and size.
    public let rate: Rate
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    /// A full bucket.
    public init(rate: Rate, now: ContinuousClock.Instant) {
        self.rate = rate
        self.tokens = rate.burst
        self.updated = now
    }

    /// Takes a token if there is one; `false` leaves the bucket as it was (refilled to `now`).
    public mutating func take(now: ContinuousClock.Instant) -> Bool {
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// How long until a token is back (zero when one is there).
    public func wait(now: ContinuousClock.Instant) -> Duration {
        let available = level(now: now)
        guard available < 1, rate.perSecond > 0 else { return .zero }
        return .milliseconds(Int64(((1 - available) / rate.perSecond * 1000).rounded(.up)))
    }

    /// Whether it is full again at `now` (a table may forget it).
    public func isFull(now: ContinuousClock.Instant) -> Bool { level(now: now) >= rate.burst }

    private func level(now: ContinuousClock.Instant) -> Double {
        let elapsed = max(now - updated, .zero)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return min(rate.burst, tokens + seconds * rate.perSecond)
    }

    private mutating func refill(now: ContinuousClock.Instant) {
        tokens = level(now: now)
        if now > updated { updated = now }
    }
}
