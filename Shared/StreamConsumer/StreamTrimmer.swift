import Foundation
public import Logging
public import MessagingRedis
public import ServiceLifecycle

/// Keeps streams bounded without losing work: every `interval` it removes the entries every
/// consumer group has acknowledged (``StreamTrimPoint``), never one still pending or not yet read.
/// Several instances may run it at once: each trims to what all groups agree on.
///
/// On the way it reports each stream's backlog: `stream_length{stream}`, and per consumer group
/// `stream_pending_entries{stream,group}` (handed out, not acknowledged),
/// `stream_unread_entries{stream,group}` (not handed out yet) and
/// `stream_oldest_pending_age_seconds{stream,group}`.
public struct StreamTrimmer: Service {
    let redis: RedisClient
    let streams: [String]
    let interval: Duration
    let logger: Logger

    public init(redis: RedisClient, streams: [String], interval: Duration = .seconds(5), logger: Logger) {
        self.redis = redis
        self.streams = streams
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            for stream in streams {
                do {
                    try await trim(stream)
                } catch {
                    logger.debug("stream not trimmed this time", metadata: ["stream": "\(stream)", "error": "\(error)"])
                }
            }
        }
    }

    /// One pass over `stream`; how many entries went.
    @discardableResult
    public func trim(_ stream: String) async throws -> Int {
        let groups = try await redis.xinfoGroups(stream)
        var removed = 0
        if let minID = StreamTrimPoint.minID(of: groups) {
            removed = try await redis.xtrim(stream, minID: minID)
            if removed > 0 { logger.debug("stream trimmed", metadata: ["stream": "\(stream)", "removed": "\(removed)", "min.id": "\(minID)"]) }
        }
        // What stays holds every entry a group has not been handed (the trim kept them).
        let length = try await redis.xlen(stream)
        StreamBacklog.record(stream: stream, length: length)
        StreamBacklog.record(stream: stream, groups: groups, length: length, now: Date())
        return removed
    }
}
