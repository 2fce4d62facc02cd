import Foundation
import Metrics
import MessagingRedis

/// The backlog gauges of a stream and its consumer groups (labels: the streams' and groups' own
/// names, a small fixed set).
enum StreamBacklog {
    static func record(stream: String, length: Int) {
        Gauge(label: "stream_length", dimensions: [("stream", stream)]).record(length)
    }

    static func record(stream: String, groups: [RedisStreamGroupInfo], length: Int, now: Date) {
        for group in groups {
            let labels = [("stream", stream), ("group", group.name)]
            Gauge(label: "stream_pending_entries", dimensions: labels).record(group.pending)
            Gauge(label: "stream_unread_entries", dimensions: labels).record(group.unread(streamLength: length))
            Gauge(label: "stream_oldest_pending_age_seconds", dimensions: labels).record(group.oldestPendingAge(now: now) ?? 0)
        }
    }
}
