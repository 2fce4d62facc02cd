public import MessagingRedis

/// What a ``StreamGroupConsumer`` does with a batch, in three stages it can overlap: while one batch
/// is in ``commit(_:)``, the next is read and prepared and the previous one finished.
///
/// ``commit(_:)`` runs for one batch at a time, in stream order, and so does
/// ``finish(_:acknowledging:)``; a batch is finished only after it committed, and finished batches
/// are acknowledged in order. Throwing from any stage (a dependency is down) acknowledges nothing of
/// that batch: the consumer backs off and reads its pending entries again, so every stage must
/// tolerate seeing an entry twice.
public protocol StreamBatchHandler: Sendable {
    /// A batch after ``prepare(_:)``.
    associatedtype Prepared: Sendable
    /// A batch after ``commit(_:)``.
    associatedtype Committed: Sendable

    /// Work that needs no order (decoding); may run while the previous batch commits. `delivery`
    /// says whether the entries may have been handed to a consumer before.
    func prepare(_ entries: [RedisStreamEntry], delivery: StreamDelivery) async throws -> Prepared
    /// The ordered step (a transaction).
    func commit(_ prepared: Prepared) async throws -> Committed
    /// What follows the commit (publishing), then the acknowledgement of the batch's entries with
    /// `acknowledger`: on its own, or its command sent with the handler's own writes, provided
    /// nothing is acknowledged when those failed.
    func finish(_ committed: Committed, acknowledging acknowledger: StreamAcknowledger) async throws
}

/// A handler that does everything in one closure returning the ids to acknowledge.
public struct ClosureBatchHandler: StreamBatchHandler {
    let body: @Sendable ([RedisStreamEntry]) async throws -> [String]

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable ([RedisStreamEntry]) async throws -> [String]) {
        self.body = body
    }

    public func prepare(_ entries: [RedisStreamEntry], delivery: StreamDelivery) async throws -> [RedisStreamEntry] { entries }
    public func commit(_ prepared: [RedisStreamEntry]) async throws -> [String] { try await body(prepared) }
    public func finish(_ committed: [String], acknowledging acknowledger: StreamAcknowledger) async throws {
        try await acknowledger.acknowledge(committed)
    }
}
