import Logging
import MessagingProtocol
import MessagingRedis
import ServiceLifecycle
import Synchronization

/// Back-pressure on the `commands` stream: once a second it reads how far the stores are behind
/// (the store group's entries not yet read plus those pending, at most the stream's length); above the limit, new commands are
/// refused with a retryable `UNAVAILABLE` instead of growing Redis without bound, until the stores
/// catch up.
final class CommandBacklog: Service, Sendable {
    private let redis: any RedisCommandExecutor
    private let limit: Int
    private let logger: Logger
    private let behind = Atomic<Bool>(false)

    init(redis: any RedisCommandExecutor, limit: Int, logger: Logger) {
        self.redis = redis
        self.limit = limit
        self.logger = logger
    }

    /// Whether new commands are refused right now.
    var isOverLimit: Bool { behind.load(ordering: .relaxed) }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await check()
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// The commands the store group has not finished: those not yet handed out (see
    /// ``RedisStreamGroupInfo/unread(streamLength:)``: Redis' `lag` alone once made every gateway
    /// refuse every command for good) and those pending, never more than the stream holds.
    static func backlog(of group: RedisStreamGroupInfo, length: Int) -> Int {
        min(group.unread(streamLength: length) + group.pending, length)
    }

    /// Reads the backlog once and updates the verdict.
    func check() async {
        do {
            let groups = try await redis.xinfoGroups(RedisNames.commandsStream)
            guard let store = groups.first(where: { $0.name == RedisNames.storeConsumerGroup }) else { return }
            let backlog = Self.backlog(of: store, length: try await redis.xlen(RedisNames.commandsStream))
            let over = backlog > limit
            if behind.exchange(over, ordering: .relaxed) != over {
                if over {
                    logger.error("the stores are behind: new commands refused", metadata: ["backlog": "\(backlog)", "limit": "\(limit)"])
                } else {
                    logger.notice("the stores caught up: commands accepted again", metadata: ["backlog": "\(backlog)"])
                }
            }
        } catch {
            logger.debug("command backlog not read", metadata: ["error": "\(error)"])
        }
    }
}
