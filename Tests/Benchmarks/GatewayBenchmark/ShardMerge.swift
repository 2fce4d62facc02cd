import Foundation
import Histogram

/// `gateway-benchmark merge RESULT [RESULT …]`: one report of a chat run made by several shards
/// (each a ``ShardResult`` file): counts and rates added up, percentiles from the shards'
/// histograms added together, the generator's CPU added up, the servers' CPU (each shard measured
/// the same processes over nearly the same window) averaged, the elapsed time the longest.
enum ShardMerge {
    /// Figures that add up over the shards.
    static let summed: Set<String> = [
        "target_deliveries_per_second", "sockets", "senders", "sent", "acked", "ack_failures", "unanswered",
        "expected_deliveries", "delivered", "lost", "delivered_per_second", "generator_cpu_share",
    ]
    /// Figures taken from the histograms added together, not from the shards' reports.
    static let latencies: Set<String> = Set(["p50_ms", "p90_ms", "p99_ms", "max_ms"].flatMap { [$0, "ack_" + $0] })

    static func run(_ paths: [String]) throws -> BenchmarkReport {
        guard !paths.isEmpty else { throw BenchmarkError("usage: gateway-benchmark merge RESULT [RESULT …]") }
        return merge(try paths.map { try JSONDecoder().decode(ShardResult.self, from: Data(contentsOf: URL(fileURLWithPath: $0))) })
    }

    static func merge(_ shards: [ShardResult]) -> BenchmarkReport {
        var deliveries = shards[0].deliveries, acks = shards[0].acks
        for shard in shards.dropFirst() {
            deliveries.add(shard.deliveries)
            acks.add(shard.acks)
        }
        let values = shards.map { Dictionary($0.figures, uniquingKeysWith: { first, _ in first }) }
        var report = BenchmarkReport()
        for (name, _) in shards[0].figures where !latencies.contains(name) {
            let all = values.compactMap { $0[name] }
            if summed.contains(name) {
                report.add(name, all.reduce(0, +))
            } else if name == "elapsed_seconds" {
                report.add(name, all.max() ?? .nan)
            } else {
                report.add(name, all.reduce(0, +) / Double(max(all.count, 1)))
            }
        }
        report.add(latencies: deliveries, prefix: "")
        report.add(latencies: acks, prefix: "ack_")
        report.add("shards", Double(shards.count))
        return report
    }
}
