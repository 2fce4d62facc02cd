import Foundation
import MessagingProtocol
public import MessagingRedis

/// Users' Web Push subscriptions, in Redis (a hash per user, endpoint → keys) so the store writes
/// them and any fan-out instance reads them. Redis keeps them with its append-only file; a browser
/// page re-registers its subscription at every visit, so one lost is made again at the next.
public struct PushSubscriptionDirectory: Sendable {
    /// The most subscriptions (browsers, devices) kept per user.
    public static let maximumPerUser = 20

    let redis: RedisClient

    /// A directory over `redis`.
    public init(redis: RedisClient) { self.redis = redis }

    /// Adds or refreshes a subscription; `false` (nothing changed) when the user already has
    /// ``maximumPerUser`` others.
    public func add(_ subscription: PushSubscription, for userId: String) async throws -> Bool {
        let reply = try await redis.send(
            RedisCommand([
                .string("EVAL"), .string(Self.addScript), .integer(1), redis.key(RedisNames.pushSubscriptions(userId)),
                .string(subscription.endpoint.absoluteString), .string(subscription.storedKeys), .integer(Self.maximumPerUser),
            ]))
        if case .error(let message) = reply { throw RedisClientError(.errorReply, message: message, command: "EVAL push add") }
        return reply.int == 1
    }

    /// Forgets a subscription; whether it was there.
    @discardableResult
    public func remove(endpoint: String, for userId: String) async throws -> Bool {
        let reply = try await redis.send(
            RedisCommand([.string("HDEL"), redis.key(RedisNames.pushSubscriptions(userId)), .string(endpoint)]))
        return (reply.int ?? 0) > 0
    }

    /// Every subscription of a user (unreadable entries are left out).
    public func subscriptions(of userId: String) async throws -> [PushSubscription] {
        let reply = try await redis.send(RedisCommand([.string("HGETALL"), redis.key(RedisNames.pushSubscriptions(userId))]))
        let values = (reply.array ?? []).compactMap(\.string)
        return stride(from: 0, to: values.count - 1, by: 2).compactMap { PushSubscription(endpoint: values[$0], storedKeys: values[$0 + 1]) }
    }

    // KEYS: the user's hash. ARGV: endpoint, keys, maximum. 1 when stored, 0 when over the maximum.
    static let addScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """
}
