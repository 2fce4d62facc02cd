/// The ordered queue of subscription changes between the ``Hub`` (which fills it under its lock,
/// so changes keep the order of joins and leaves) and the ``RoomBroker`` that applies them.
final class SubscriptionQueue: Sendable {
    let changes: AsyncStream<SubscriptionChange>
    private let continuation: AsyncStream<SubscriptionChange>.Continuation

    init() {
        (changes, continuation) = AsyncStream.makeStream(of: SubscriptionChange.self)
    }

    func request(_ change: SubscriptionChange) {
        continuation.yield(change)
    }

    /// No more changes come (the broker's loop ends).
    func finish() {
        continuation.finish()
    }
}
