/// What `XAUTOCLAIM` returns.
public struct RedisAutoClaimResult: Sendable, Hashable {
    /// Where the next scan starts (`0-0` when the scan is complete).
    public var nextStart: String
    /// The entries now owned by the claiming consumer.
    public var entries: [RedisStreamEntry]
    /// Ids that were pending but no longer exist in the stream (they are removed from the pending list).
    public var deletedIDs: [String]
}
