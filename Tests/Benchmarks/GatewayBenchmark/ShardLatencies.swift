import Histogram

/// A shard's latencies (microseconds), as it leaves them for ``ShardMerge``.
struct ShardLatencies: Codable {
    var deliveries: Histogram<UInt64>
    var acks: Histogram<UInt64>
}
