import Foundation
import Logging
import MessagingProtocol
import MessagingRedis
import ServiceKit
import Tracing

/// Handles a batch of the `events` stream: for each recipient of a new message who is offline, a
/// notification collected in the queue (live unread counts go out with the store's own publish, see
/// ``RedisNames/unreadCounts``). Everything it does is safe to repeat, so every entry is
/// acknowledged once this returns; a Redis failure throws and acknowledges nothing.
struct FanoutEventHandler: Sendable {
    let redis: RedisClient
    /// `nil` when no webhook nor Web Push is configured.
    let queue: NotificationQueue?
    let window: Duration
    let metrics: FanoutMetrics
    let logger: Logger

    func handle(_ entries: [RedisStreamEntry]) async throws -> [String] {
        // A traced event (a new message sent in a trace) is a span of it, until the batch is handled.
        let spans = entries.compactMap { entry in
            entry.string("traceparent").map {
                InstrumentationSystem.tracer.startSpan("fanout \(entry.string("type") ?? "event")", context: TraceParent.context($0), ofKind: .consumer)
            }
        }
        defer { for span in spans { span.end() } }
        var events = [(entryId: String, event: DomainEvent)]()
        events.reserveCapacity(entries.count)
        for entry in entries {
            let type = entry.string("type") ?? "?"
            metrics.event(type)
            // Without notifications, nothing here needs an event's contents: only its age is measured.
            guard queue != nil, type == "message-created" || type == "message-deleted" else { continue }
            guard let envelope = try? DomainEventEnvelope(streamFields: entry.stringFields) else {
                metrics.unreadableEvent()
                logger.warning("unreadable event skipped", metadata: ["entry": "\(entry.id)", "type": "\(type)"])
                continue
            }
            events.append((entry.id, envelope.event))
        }
        if let queue { try await collectOffline(events, in: queue) }
        // The batch's oldest event: when Redis added it, from its id.
        if let first = entries.first, let added = RedisStreamEntry.addedAt(id: first.id) { metrics.lag(seconds: max(0, -added.timeIntervalSinceNow)) }
        return entries.map(\.id)
    }

    /// The recipients of new messages with no presence key get a notification; a message deleted
    /// before its notification went out is taken out of it.
    private func collectOffline(_ events: [(entryId: String, event: DomainEvent)], in queue: NotificationQueue) async throws {
        var candidates = [(eventId: String, notification: WebhookNotification)]()
        var deleted = [(userId: String, messageId: String)]()
        for (entryId, event) in events {
            if case .messageDeleted(_, let messageId, _, let recipients) = event {
                deleted += recipients.map { ($0.userId, messageId) }
            }
            guard case .messageCreated(let message, let recipients) = event else { continue }
            for recipient in recipients {
                candidates.append((entryId, WebhookNotification(message: message, recipient: recipient)))
            }
        }
        if !candidates.isEmpty {
            let online = try await Presence(redis: redis).online(Set(candidates.map(\.notification.recipientId)))
            let offline = candidates.filter { !online.contains($0.notification.recipientId) }
            let added = try await queue.collect(offline, dueAt: Date() + window / .seconds(1))
            metrics.collected(added)
            if added > 0 { logger.debug("offline notifications collected", metadata: ["count": "\(added)"]) }
        }
        // After collecting: a message created and deleted within one batch is collected, then taken out.
        if !deleted.isEmpty {
            let forgotten = try await queue.forget(deleted)
            if forgotten > 0 { logger.debug("deleted messages taken out of notifications", metadata: ["count": "\(forgotten)"]) }
        }
    }
}
