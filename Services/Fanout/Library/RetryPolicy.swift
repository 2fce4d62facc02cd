/// Capped exponential back-off: `initialDelay` after the first failed attempt, doubled after each
/// further one up to `maximumDelay`; after `maxAttempts` failed attempts, no more.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// Delay after the first failure.
    public var initialDelay: Duration
    /// The cap.
    public var maximumDelay: Duration

    /// Creates a policy.
    public init(maxAttempts: Int, initialDelay: Duration, maximumDelay: Duration) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before the next attempt after `failedAttempts` failures, or `nil` when they are used up.
    public func delay(afterFailedAttempts failedAttempts: Int) -> Duration? {
        guard failedAttempts >= 1, failedAttempts < maxAttempts else { return nil }
        var delay = initialDelay
        for _ in 1..<failedAttempts {
            delay = delay * 2
            if delay >= maximumDelay { return maximumDelay }
        }
        return min(delay, maximumDelay)
    }
}
