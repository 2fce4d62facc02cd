import Logging
import MessagingProtocol
import MessagingRedis
import ServiceLifecycle

/// Tells the other services who is online: `presence:{userId}` (value: this instance's id) with a
/// TTL, set when a user's socket connects and refreshed every third of the TTL while this
/// instance holds one of their sockets. A crashed gateway leaves no ghost (the keys expire), and a
/// user counts as offline only once the TTL passed without any gateway refreshing it, so a page
/// reload is not a departure.
final class PresenceRefresher: Service, Sendable {
    let redis: any RedisCommandExecutor
    let hub: Hub
    let instanceID: String
    let ttl: Duration
    let logger: Logger

    init(redis: any RedisCommandExecutor, hub: Hub, instanceID: String, ttl: Duration, logger: Logger) {
        self.redis = redis
        self.hub = hub
        self.instanceID = instanceID
        self.ttl = ttl
        self.logger = logger
    }

    /// Marks users online now (a socket connected).
    func markOnline(_ users: [String]) async {
        guard !users.isEmpty else { return }
        let milliseconds = ttl.wholeMilliseconds
        var commands = [RedisCommand]()
        commands.reserveCapacity(min(users.count, 1000))
        do {
            for user in users {
                commands.append(RedisCommand([.string("SET"), redis.key(RedisNames.presence(user)), .string(instanceID), .string("PX"), .integer(milliseconds)]))
                if commands.count == 1000 {
                    _ = try await redis.send(batch: commands)
                    commands.removeAll(keepingCapacity: true)
                }
            }
            if !commands.isEmpty { _ = try await redis.send(batch: commands) }
        } catch {
            logger.warning("presence not refreshed", metadata: ["error": "\(error)", "users": "\(users.count)"])
        }
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // The wait ends at once on shutdown.
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.ttl / 3) }
            } catch {
                return
            }
            await markOnline(hub.userIDs)
        }
    }
}
