import Metrics
import MessagingProtocol

/// The store's metrics (labels from small fixed sets only): commands by type and outcome, batch
/// sizes, commit latency, consumer lag, unreadable entries.
struct StoreMetrics: Sendable {
    private let batchSize = Recorder(label: "store_batch_size")
    private let commitLatency = Timer(label: "store_commit_duration_seconds", preferredDisplayUnit: .seconds)
    private let unreadable = Counter(label: "store_unreadable_commands_total")
    private let lag = Gauge(label: "store_consumer_lag_seconds")

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
            oldest = max(oldest, -command.issuedAt.timeIntervalSinceNow)
        }
        lag.record(oldest)
    }

    func recordUnreadable() { unreadable.increment() }
}
