import Foundation

/// The start line of a chat run split over several generator processes (a process may open only so
/// many sockets): each shard, once every one of its sockets is connected, leaves `ready-K` in the
/// folder and waits for `go`, which deploy/bench.sh leaves when every shard is ready. The shards
/// then send in the same window, and each measures the servers over it.
struct ShardBarrier {
    let folder: String
    let index: Int

    /// Says this shard is ready, then waits for the start (bounded: no run waits forever).
    func arrive(limit: Duration = .seconds(600)) async throws {
        let ready = URL(fileURLWithPath: folder).appendingPathComponent("ready-\(index)")
        guard FileManager.default.createFile(atPath: ready.path, contents: Data()) else { throw BenchmarkError("cannot write \(ready.path)") }
        let go = URL(fileURLWithPath: folder).appendingPathComponent("go").path
        let deadline = ContinuousClock.now + limit
        while !FileManager.default.fileExists(atPath: go) {
            guard ContinuousClock.now < deadline else { throw BenchmarkError("no start within \(limit) (\(go))") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
