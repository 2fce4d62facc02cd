import Logging
import MessagingProtocol
import MessagingRedis

/// Stores before the `profiles` stream read profile changes from `events`, in a consumer group of
/// their own that read every message's event too. That group would now hold `events` back (the
/// fan-out's trimmer keeps what some group has not acknowledged): it goes at start. A profile an
/// older auth instance still writes to `events` is missed; the store learns it again from the
/// verified claims of the user's next message.
enum LegacyProfileGroup {
    static func remove(redis: RedisClient, logger: Logger) async throws {
        let reply: RESPValue
        do {
            reply = try await redis.send(
                RedisCommand([.string("XGROUP"), .string("DESTROY"), redis.key(RedisNames.eventsStream), .string(RedisNames.storeProfilesGroup)]))
        } catch let error as RedisClientError where error.code == .errorReply && error.message.contains("requires the key to exist") {
            return  // no events yet
        }
        if reply.int == 1 { logger.notice("the store's former profile group on the events stream was removed") }
    }
}
