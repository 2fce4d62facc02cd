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
    private var count: TokenCount

    /// A full bucket.
    public init(rate: Rate, now: ContinuousClock.Instant) {
        self.rate = rate
        self.count = TokenCount(rate: rate, now: now)
    }

    /// Takes a token if there is one; `false` leaves the bucket as it was (refilled to `now`).
    public mutating func take(now: ContinuousClock.Instant) -> Bool { count.take(rate: rate, now: now) }

    /// How long until a token is back (zero when one is there).
    public func wait(now: ContinuousClock.Instant) -> Duration { count.wait(rate: rate, now: now) }

    /// Whether it is full again at `now` (a table may forget it).
    public func isFull(now: ContinuousClock.Instant) -> Bool { count.level(rate: rate, now: now) >= rate.burst }
}
