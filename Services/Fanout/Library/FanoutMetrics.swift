import Metrics

/// The fan-out's metrics (labels from small fixed sets only).
struct FanoutMetrics: Sendable {
    private let eventsCreated = Counter(label: "fanout_events_total", dimensions: [("type", "message-created")])
    private let eventsRead = Counter(label: "fanout_events_total", dimensions: [("type", "messages-read")])
    private let eventsDeleted = Counter(label: "fanout_events_total", dimensions: [("type", "message-deleted")])
    private let eventsOther = Counter(label: "fanout_events_total", dimensions: [("type", "other")])
    private let unreadable = Counter(label: "fanout_unreadable_events_total")
    private let collected = Counter(label: "fanout_notifications_collected_total")
    private let sent = Counter(label: "fanout_notifications_total", dimensions: [("outcome", "sent")])
    private let retried = Counter(label: "fanout_notifications_total", dimensions: [("outcome", "retried")])
    private let dead = Counter(label: "fanout_notifications_total", dimensions: [("outcome", "dead-lettered")])
    private let skipped = Counter(label: "fanout_notifications_total", dimensions: [("outcome", "skipped-online")])
    private let pushes = PushOutcome.allCases.map { Counter(label: "fanout_push_total", dimensions: [("outcome", $0.rawValue)]) }
    private let lag = Gauge(label: "fanout_consumer_lag_seconds")
    private let webhookDuration = Timer(label: "fanout_webhook_duration_seconds", preferredDisplayUnit: .seconds)
    private let pushDuration = Timer(label: "fanout_push_duration_seconds", preferredDisplayUnit: .seconds)
    private let queued = Gauge(label: "fanout_notifications_queued")

    func event(_ type: String) {
        switch type {
        case "message-created": eventsCreated.increment()
        case "messages-read": eventsRead.increment()
        case "message-deleted": eventsDeleted.increment()
        default: eventsOther.increment()
        }
    }

    func unreadableEvent() { unreadable.increment() }
    func collected(_ count: Int) { collected.increment(by: count) }
    func notificationSent() { sent.increment() }
    func notificationRetried() { retried.increment() }
    func notificationDeadLettered() { dead.increment() }
    func notificationSkipped() { skipped.increment() }
    func push(_ outcome: PushOutcome) { pushes[PushOutcome.allCases.firstIndex(of: outcome)!].increment() }
    /// One webhook attempt took `duration` (answered or not).
    func webhookAttempt(_ duration: Duration) { webhookDuration.record(duration: duration) }
    /// One push attempt took `duration`.
    func pushAttempt(_ duration: Duration) { pushDuration.record(duration: duration) }
    func lag(seconds: Double) { lag.record(seconds) }
    func queued(_ count: Int) { queued.record(count) }
}
