/// Whether the entries of a batch may have reached a consumer of the group before.
public enum StreamDelivery: Sendable, Equatable {
    /// Read with `>`: no consumer of the group was ever handed these entries.
    case first
    /// Re-read from this consumer's pending entries or claimed from another consumer's: they may
    /// have been processed already, wholly or in part.
    case again
}
