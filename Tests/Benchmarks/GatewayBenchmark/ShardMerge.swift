import Foundation
import Histogram

/// `gateway-benchmark merge REPORT LATENCIES [REPORT LATENCIES …]`: one report of a chat run made
/// by several shards (each its report's JSON and its latencies' file): counts and rates added up,
/// percentiles from the shards' histograms added together, the generator's CPU added up, the
/// servers' CPU (each shard measured the same processes over nearly the same window) averaged.
enum ShardMerge {
    /// Figures that add up over the shards; the rest of a report's figures but the latencies are
    /// the servers' CPU shares and the elapsed time.
    static let summed: Set<String> = [
        "target_deliveries_per_second", "sockets", "senders", "sent", "acked", "ack_failures", "unanswered",
        "expected_deliveries", "delivered", "lost", "delivered_per_second", "generator_cpu_share",
    ]
    static let latencyFields = ["p50_ms", "p90_ms", "p99_ms", "max_ms"]

    static func run(_ arguments: [String]) throws -> BenchmarkReport {
        guard !arguments.isEmpty, arguments.count.isMultiple(of: 2) else { throw BenchmarkError("usage: gateway-benchmark merge REPORT LATENCIES [REPORT LATENCIES …]") }
        var reports = [[(String, Double)]]()
        var shards = [ShardLatencies]()
        for index in stride(from: 0, to: arguments.count, by: 2) {
            reports.append(try figures(of: arguments[index]))
            shards.append(try JSONDecoder().decode(ShardLatencies.self, from: Data(contentsOf: URL(fileURLWithPath: arguments[index + 1]))))
        }
        return merge(reports, shards)
    }

    /// The figures of one report, in its order.
    static func figures(of path: String) throws -> [(String, Double)] {
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { throw BenchmarkError("\(path): not a report") }
        // JSONSerialization forgets the order: take it from the text.
        let names = text.dropFirst().split(separator: ",").compactMap { $0.split(separator: ":").first.map { String($0.dropFirst().dropLast()) } }
        return names.map { ($0, (object[$0] as? NSNumber)?.doubleValue ?? .nan) }
    }

    static func merge(_ reports: [[(String, Double)]], _ shards: [ShardLatencies]) -> BenchmarkReport {
        var deliveries = shards[0].deliveries, acks = shards[0].acks
        for shard in shards.dropFirst() {
            deliveries.add(shard.deliveries)
            acks.add(shard.acks)
        }
        let values = reports.map { Dictionary($0, uniquingKeysWith: { first, _ in first }) }
        var report = BenchmarkReport()
        for (name, _) in reports[0] {
            if latencyFields.contains(name) || latencyFields.contains(where: { "ack_" + $0 == name }) {
                continue
            }
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
        report.add("shards", Double(reports.count))
        return report
    }
}
