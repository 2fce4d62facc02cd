import Foundation
import Histogram

/// `fanout` and `chat`: messages sent over the senders' sockets with acks, through the gateways,
/// the store and its database, to every member of the room.
struct SendScenario {
    let options: BenchmarkOptions
    let population: Population
    let fleet: ClientFleet

    func run() async throws -> BenchmarkReport {
        let barrier = options.shard.flatMap { shard in options.barrier.map { ShardBarrier(folder: $0, index: shard.index) } }
        return try await withEveryMemberConnected(fleet, population, barrier: barrier) { try await measure() }
    }

    private func measure() async throws -> BenchmarkReport {
        let senders = population.members.filter(\.sends).count
        let messagesPerSecond = Double(options.rate) / Double(options.members)
        let interval = Double(senders) / messagesPerSecond  // seconds between two messages of one sender
        fleet.sendInterval.store(Int64(interval * 1e9), ordering: .relaxed)
        let pids = options.gatewayPIDs.map { ("gateway", $0) } + options.otherPIDs
        let before = pids.map { ProcessStats.ofTree($0.1) }
        let ownBefore = ProcessStats.ownCPUSeconds()
        _ = fleet.takeLatencies()
        _ = fleet.takeAckLatencies()
        let start = fleet.now() + 100_000_000
        let durationNanos = Int64(seconds(options.duration) * 1e9)
        fleet.sendEnd.store(start + durationNanos, ordering: .relaxed)
        fleet.sendStart.store(start, ordering: .relaxed)
        fleet.openSendWindow()
        let clock = ContinuousClock()
        let began = clock.now
        try await Task.sleep(for: options.duration + .milliseconds(100))
        // Stragglers: wait until every ack and delivery arrived, or 10 s.
        let deadline = clock.now + .seconds(10)
        func settled() -> Bool {
            let sent = fleet.sent.load(ordering: .relaxed)
            let answered = fleet.acked.load(ordering: .relaxed) + fleet.ackFailures.load(ordering: .relaxed)
            return answered >= sent && fleet.delivered.load(ordering: .relaxed) >= fleet.acked.load(ordering: .relaxed) * options.members
        }
        while !settled() && clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let elapsed = clock.now - began
        let after = pids.map { ProcessStats.ofTree($0.1) }
        let own = ProcessStats.ownCPUSeconds() - ownBefore
        let sent = fleet.sent.load(ordering: .relaxed)
        let acked = fleet.acked.load(ordering: .relaxed)
        let delivered = fleet.delivered.load(ordering: .relaxed)
        let expected = acked * options.members

        var report = BenchmarkReport()
        report.add("target_deliveries_per_second", Double(options.rate))
        report.add("sockets", Double(population.members.count))
        report.add("senders", Double(senders))
        report.add("sent", Double(sent))
        report.add("acked", Double(acked))
        report.add("ack_failures", Double(fleet.ackFailures.load(ordering: .relaxed)))
        report.add("unanswered", Double(sent - acked - fleet.ackFailures.load(ordering: .relaxed)))
        report.add("expected_deliveries", Double(expected))
        report.add("delivered", Double(delivered))
        report.add("lost", Double(max(0, expected - delivered)))
        report.add("delivered_per_second", Double(delivered) / seconds(options.duration))
        let latencies = fleet.takeLatencies(), ackLatencies = fleet.takeAckLatencies()
        report.add(latencies: latencies, prefix: "")
        report.add(latencies: ackLatencies, prefix: "ack_")
        report.add("elapsed_seconds", seconds(elapsed))
        var shares = [String: Double]()
        for ((name, _), (first, last)) in zip(pids, zip(before, after)) {
            guard let first, let last else { continue }
            shares[name, default: 0] += (last.cpuSeconds - first.cpuSeconds) / seconds(elapsed)
        }
        for (name, share) in shares.sorted(by: { $0.key < $1.key }) { report.add("\(name)_cpu_share", share) }
        report.add("generator_cpu_share", own / seconds(elapsed))
        if let path = options.shardResultPath {
            try JSONEncoder().encode(ShardResult(report: report, deliveries: latencies, acks: ackLatencies)).write(to: URL(fileURLWithPath: path))
        }
        return report
    }
}
