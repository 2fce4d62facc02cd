import Foundation
import MessagingProtocol
import MessagingRedis
import NIOCore

/// Waits until every socket is ready (or failed), up to a limit.
func waitForFleet(_ fleet: ClientFleet, count: Int, limit: Duration = .seconds(300)) async throws {
    let deadline = ContinuousClock.now + limit
    while fleet.ready.load(ordering: .relaxed) + fleet.failed.load(ordering: .relaxed) < count {
        guard ContinuousClock.now < deadline else { throw BenchmarkError("sockets not ready within \(limit)") }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// Connects every member, then measures with `body` while the sockets stay open; any failed socket
/// fails the run. A shard of a run in several processes starts measuring at its barrier.
func withEveryMemberConnected(
    _ fleet: ClientFleet, _ population: Population, barrier: ShardBarrier? = nil, _ body: @escaping @Sendable () async throws -> BenchmarkReport
) async throws -> BenchmarkReport {
    try await whileRunning({ await fleet.run(population.members) }) {
        try await waitForFleet(fleet, count: population.members.count)
        guard fleet.failed.load(ordering: .relaxed) == 0 else { throw BenchmarkError("\(fleet.failed.load(ordering: .relaxed)) sockets failed") }
        try await barrier?.arrive()
        try await Task.sleep(for: .seconds(1))
        return try await body()
    }
}

/// Runs `body` while `background` runs (until cancelled), and returns what `body` returns.
func whileRunning<Result: Sendable>(
    _ background: @escaping @Sendable () async throws -> Void, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask {
            try await background()
            return nil
        }
        group.addTask { try await body() }
        while let result = try await group.next() {
            if let result {
                group.cancelAll()
                return result
            }
        }
        throw BenchmarkError("no result")
    }
}

struct IdleScenario {
    let options: BenchmarkOptions
    let population: Population
    let fleet: ClientFleet

    func run() async throws -> BenchmarkReport {
        try await Task.sleep(for: .seconds(1))
        let before = options.gatewayPIDs.compactMap(ProcessStats.of)
        let pids = options.gatewayPIDs.map { ("gateway", $0) } + options.otherPIDs
        let cpuBefore = pids.map { ProcessStats.ofTree($0.1) }
        let ownBefore = ProcessStats.ownCPUSeconds()
        let started = ContinuousClock.now
        return try await whileRunning({ await fleet.run(population.members) }) {
            try await waitForFleet(fleet, count: population.members.count)
            let connectTime = ContinuousClock.now - started
            // What connecting cost each process, per socket.
            let cpuAfter = pids.map { ProcessStats.ofTree($0.1) }
            let own = ProcessStats.ownCPUSeconds() - ownBefore
            // Let allocations settle.
            try await Task.sleep(for: .seconds(3))
            let after = options.gatewayPIDs.compactMap(ProcessStats.of)
            let ready = fleet.ready.load(ordering: .relaxed)
            var report = BenchmarkReport()
            report.add("sockets", Double(ready))
            report.add("failed", Double(fleet.failed.load(ordering: .relaxed)))
            report.add("connect_per_second", Double(ready) / seconds(connectTime))
            let grown = zip(before, after).reduce(0) { $0 + $1.1.rssBytes - $1.0.rssBytes }
            report.add("gateway_rss_mb_before", Double(before.reduce(0) { $0 + $1.rssBytes }) / 1_048_576)
            report.add("gateway_rss_mb_after", Double(after.reduce(0) { $0 + $1.rssBytes }) / 1_048_576)
            report.add("gateway_kb_per_socket", Double(grown) / 1024 / Double(max(ready, 1)))
            for (name, value) in fleet.phaseReport() { report.add(name, value) }
            var cpu = [String: Double]()
            for ((name, _), (first, last)) in zip(pids, zip(cpuBefore, cpuAfter)) {
                guard let first, let last else { continue }
                cpu[name, default: 0] += last.cpuSeconds - first.cpuSeconds
            }
            let perSocket = 1000 / Double(max(ready, 1))
            report.add("servers_cpu_ms_per_socket", cpu.values.reduce(0, +) * perSocket)
            cpu["generator"] = own
            for (name, seconds) in cpu.sorted(by: { $0.key < $1.key }) { report.add("\(name)_cpu_ms_per_socket", seconds * perSocket) }
            return report
        }
    }
}

struct BroadcastScenario {
    let options: BenchmarkOptions
    let population: Population
    let fleet: ClientFleet
    let redis: RedisClient

    func run() async throws -> BenchmarkReport {
        try await withEveryMemberConnected(fleet, population) { try await publish() }
    }

    /// Publishes `rate / members` messages per second for the duration, in 10 ms ticks.
    private func publish() async throws -> BenchmarkReport {
        let messagesPerSecond = max(1, options.rate / options.members)
        let tick = Duration.milliseconds(10)
        let ticks = Int(seconds(options.duration) / seconds(tick))
        var sequence = [String: Int]()
        var published = 0
        var owed = 0.0
        let before = options.gatewayPIDs.compactMap(ProcessStats.of)
        let ownBefore = ProcessStats.ownCPUSeconds()
        _ = fleet.takeLatencies()
        let deliveredBefore = fleet.delivered.load(ordering: .relaxed)
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<ticks {
            owed += Double(messagesPerSecond) * seconds(tick)
            var batch = [RedisCommand]()
            while owed >= 1 {
                owed -= 1
                let room = population.rooms[published % population.rooms.count]
                let seq = (sequence[room] ?? 0) + 1
                sequence[room] = seq
                batch.append(command(room: room, seq: seq))
                published += 1
            }
            if !batch.isEmpty { _ = try await redis.send(batch: batch) }
            try await Task.sleep(until: start + tick * (index + 1), clock: clock)
        }
        let publishing = clock.now - start
        let expected = published * options.members
        // Stragglers: wait until every delivery arrived, or 5 s.
        let drainDeadline = clock.now + .seconds(5)
        while fleet.delivered.load(ordering: .relaxed) - deliveredBefore < expected && clock.now < drainDeadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = clock.now - start
        let after = options.gatewayPIDs.compactMap(ProcessStats.of)
        let own = ProcessStats.ownCPUSeconds() - ownBefore
        let delivered = fleet.delivered.load(ordering: .relaxed) - deliveredBefore
        let latencies = fleet.takeLatencies()
        var report = BenchmarkReport()
        report.add("target_deliveries_per_second", Double(options.rate))
        report.add("published", Double(published))
        report.add("expected_deliveries", Double(expected))
        report.add("delivered", Double(delivered))
        report.add("lost", Double(expected - delivered))
        report.add("delivered_per_second", Double(delivered) / seconds(elapsed))
        report.add("publish_seconds", seconds(publishing))
        report.add(latencies: latencies, prefix: "")
        report.add("gateway_cpu_share", zip(before, after).reduce(0) { $0 + $1.1.cpuSeconds - $1.0.cpuSeconds } / seconds(elapsed))
        report.add("generator_cpu_share", own / seconds(elapsed))
        return report
    }

    private func command(room: String, seq: Int) -> RedisCommand {
        let sent = fleet.now()
        let body = "{\"id\":\"bench-\(seq)\",\"conversationId\":\"\(room)\",\"seq\":\(seq),\"content\":\"t=\(sent);\",\"senderId\":\"bench\","
            + "\"type\":\"USER\",\"isRead\":false,\"createdAt\":\"2026-01-01T00:00:00.000Z\",\"attachments\":[],\"sender\":{\"id\":\"bench\",\"role\":\"CLIENT\"}}"
        let envelope = BroadcastEnvelope(header: BroadcastHeader(event: ServerEvent.newMessage.rawValue, origin: "bench", seq: seq), body: body)
        let bytes = envelope.encoded()
        return RedisCommand([.string("PUBLISH"), redis.key(RedisNames.room(room)), .bytes(ByteBuffer(bytes: bytes))])
    }
}
