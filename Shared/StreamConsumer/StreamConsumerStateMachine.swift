public import MessagingRedis

/// What a ``StreamGroupConsumer`` reads next, as a pure state machine (no I/O, the clock passed in):
/// first its own pending entries (left by a crash of this consumer name) until none are left, then
/// new entries, with a claim of what other consumers abandoned whenever one is due; after a lost
/// connection, a back-off delay and its own pending entries again.
public struct StreamConsumerStateMachine<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// The next read.
    public enum Action: Sendable, Hashable {
        /// Re-read this consumer's own pending entries (`XREADGROUP … 0`).
        case readOwnPending
        /// Let the batches in hand finish, then claim what other consumers left idle (`XAUTOCLAIM`).
        case claimAbandoned
        /// Read (and pipeline) new entries (`XREADGROUP … >`).
        case readNew
    }

    private enum Phase: Sendable, Hashable {
        case recoveringOwnPending
        case live
    }

    private var phase = Phase.recoveringOwnPending
    private var nextClaim: Instant
    private let claimInterval: Duration
    private var backoff: ReconnectBackoff

    /// A consumer starting at `now`: its first claim is due at once.
    public init(now: Instant, claimInterval: Duration, backoff: ReconnectBackoff = ReconnectBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(5))) {
        self.nextClaim = now
        self.claimInterval = claimInterval
        self.backoff = backoff
    }

    /// The next read at `now`.
    public func nextAction(now: Instant) -> Action {
        switch phase {
        case .recoveringOwnPending: .readOwnPending
        case .live: now >= nextClaim ? .claimAbandoned : .readNew
        }
    }

    /// A read of its own pending entries returned `count` entries (none left: new entries next).
    public mutating func ownPendingRead(count: Int) {
        if count == 0 { phase = .live }
        backoff.reset()
    }

    /// A claim finished at `now`: the next is due one interval later.
    public mutating func claimed(now: Instant) {
        nextClaim = now.advanced(by: claimInterval)
    }

    /// A read of new entries succeeded.
    public mutating func readSucceeded() {
        backoff.reset()
    }

    /// The connection or a stage failed: its own pending entries are read again after the delay
    /// returned (growing with each failure in a row, reset by the next successful read).
    public mutating func failed(jitter: Double = Double.random(in: 0.5...1.0)) -> Duration {
        phase = .recoveringOwnPending
        return backoff.nextDelay(jitter: jitter)
    }
}
