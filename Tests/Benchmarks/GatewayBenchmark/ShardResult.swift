import Histogram

/// What a shard of a chat run leaves for ``ShardMerge``: its report's figures, in order (a figure
/// that is not a number, such as a percentile of no latency, as `nil`), and its delivery and ack
/// latencies (microseconds).
struct ShardResult: Codable {
    var names: [String]
    var values: [Double?]
    var deliveries: Histogram<UInt64>
    var acks: Histogram<UInt64>

    init(report: BenchmarkReport, deliveries: Histogram<UInt64>, acks: Histogram<UInt64>) {
        names = report.figures.map(\.0)
        values = report.figures.map { $0.1.isFinite ? $0.1 : nil }
        self.deliveries = deliveries
        self.acks = acks
    }

    /// The report's figures, in order.
    var figures: [(String, Double)] { zip(names, values).map { ($0, $1 ?? .nan) } }
}
