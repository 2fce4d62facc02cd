/// Capped exponential back-off with jitter, as a pure value: ask for the next delay, reset on success.
public struct ReconnectBackoff: Sendable, Hashable {
    /// The first delay.
    public var initialDelay: Duration
    /// The cap.
    public var maximumDelay: Duration
    /// How many failures in a row so far.
    public private(set) var attempts = 0

    /// Creates a back-off.
    public init(initialDelay: Duration, maximumDelay: Duration) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The delay before the next attempt: `initial × 2^attempts`, capped, scaled by `jitter` (0.5…1.0).
    public mutating func nextDelay(jitter: Double = Double.random(in: 0.5...1.0)) -> Duration {
        let exponent = min(attempts, 30)
        attempts += 1
        let uncapped = initialDelay * (1 << exponent)
        let capped = min(uncapped, maximumDelay)
        return capped * min(max(jitter, 0), 1)
    }

    /// Back to the first delay (after a success).
    public mutating func reset() { attempts = 0 }
}
