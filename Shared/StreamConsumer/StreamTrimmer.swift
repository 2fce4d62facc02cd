public import Logging
public import MessagingRedis
public import ServiceLifecycle

/// Keeps streams bounded without losing work: every `interval` it removes the entries every
/// consumer group has acknowledged (``StreamTrimPoint``), never one still pending or not yet read.
/// Several instances may run it at once: each trims to what all groups agree on.
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
        guard let minID = StreamTrimPoint.minID(of: try await redis.xinfoGroups(stream)) else { return 0 }
        let removed = try await redis.xtrim(stream, minID: minID)
        if removed > 0 { logger.debug("stream trimmed", metadata: ["stream": "\(stream)", "removed": "\(removed)", "min.id": "\(minID)"]) }
        return removed
    }
}
