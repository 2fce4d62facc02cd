/// The state of a token bucket without its rate (24 bytes): what each of many buckets of one
/// ``TokenBucket/Rate`` keeps, the rate held once elsewhere. Pure: the caller says what time it is.
public struct TokenCount: Sendable, Hashable {
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    /// A full bucket of `rate`.
    public init(rate: TokenBucket.Rate, now: ContinuousClock.Instant) {
        self.tokens = rate.burst
        self.updated = now
    }

    /// Takes a token if there is one; `false` leaves the count as it was (refilled to `now`).
    public mutating func take(rate: TokenBucket.Rate, now: ContinuousClock.Instant) -> Bool {
        tokens = level(rate: rate, now: now)
        if now > updated { updated = now }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// How long until a token is back (zero when one is there).
    public func wait(rate: TokenBucket.Rate, now: ContinuousClock.Instant) -> Duration {
        let available = level(rate: rate, now: now)
        guard available < 1, rate.perSecond > 0 else { return .zero }
        return .milliseconds(Int64(((1 - available) / rate.perSecond * 1000).rounded(.up)))
    }

    /// The tokens there at `now`.
    public func level(rate: TokenBucket.Rate, now: ContinuousClock.Instant) -> Double {
        let elapsed = max(now - updated, .zero)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return min(rate.burst, tokens + seconds * rate.perSecond)
    }
}
