import Metrics
import MessagingProtocol

/// The store's metrics (labels from small fixed sets only): commands by type and outcome, batch
/// sizes, commit latency, consumer lag, unreadable entries.
struct StoreMetrics: Sendable {
    private let batchSize = Recorder(label: "store_batch_size")
    private let commitLatency = Timer(label: "store_commit_duration_seconds", preferredDisplayUnit: .seconds)
    private let unreadable = Counter(label: "store_unreadable_commands_total")
    private let lag = Gauge(label: "store_consumer_lag_seconds")
    /// From a command's issue (at the gateway or HTTP route) to its commit: the stream's wait and the batch.
    private let commandLatency = Timer(label: "store_command_latency_seconds", preferredDisplayUnit: .seconds)

    func recordCommit(batchSize size: Int, duration: Duration) {
        batchSize.record(size)
        commitLatency.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func record(_ result: CommandProcessor.Result, commands: [CommandEnvelope]) {
        var oldest: Double = 0
        for command in commands {
            let outcome: String
            switch result.outcomes[command.requestId] {
            case .failure(let error): outcome = error.code.rawValue.lowercased()
            case .none: outcome = "none"
            default: outcome = "ok"
            }
            Counter(label: "store_commands_total", dimensions: [("type", command.command.name), ("outcome", outcome)]).increment()
            let waited = max(0, -command.issuedAt.timeIntervalSinceNow)
            commandLatency.recordNanoseconds(Int64(waited * 1e9))
            oldest = max(oldest, waited)
        }
        lag.record(oldest)
    }

    func recordUnreadable() { unreadable.increment() }
}
