import Synchronization

/// The ordered queue of subscription changes between the ``Hub`` (which fills it under its lock,
/// so changes keep the order of joins and leaves) and the ``RoomBroker`` that applies them: the
/// broker takes everything queued at once and applies it as one change (``SubscriptionNet``), so a
/// burst of connects and joins costs a Redis round trip, not one per socket in a row.
final class SubscriptionQueue: Sendable {
    /// Rings when changes were queued (one ring may stand for many).
    let doorbell: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let pending = Mutex<[SubscriptionChange]>([])

    init() {
        (doorbell, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func request(_ change: SubscriptionChange) {
        pending.withLock { $0.append(change) }
        continuation.yield()
    }

    /// Every change queued since the last call, in order.
    func take() -> [SubscriptionChange] {
        pending.withLock { pending in
            var taken = [SubscriptionChange]()
            swap(&taken, &pending)
            return taken
        }
    }

    /// No more changes come (the broker's loop ends).
    func finish() {
        continuation.finish()
    }
}
