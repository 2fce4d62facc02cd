import Foundation
import MessagingProtocol
import MessagingRedis
import NIOCore

/// Offline notifications waiting in Redis, so that any fan-out instance can deliver them and a
/// crash loses none: a hash per user (the newest notification and how many messages it stands for)
/// and a sorted set of users by due time. Every change is one Lua script, atomic in Redis.
///
/// A claimed notification stays in the set with a lease as its score and is frozen in the hash: an
/// instance that dies while delivering leaves it to be claimed again when the lease ends, and the
/// same notification (same `id`, same count) is sent again — at least once, and a receiver that
/// drops repeated ids sees each message in exactly one notification.
struct NotificationQueue: Sendable {
    let redis: RedisClient
    /// How long a collected event id is remembered (a redelivered event adds nothing within it).
    let seenTTL: Duration

    /// One claimed notification.
    struct Claim: Sendable {
        var userId: String
        var attempt: Int
        var messages: Int
        var notification: WebhookNotification
    }

    /// Adds one message's notification for an offline user; the first of a burst sets the due time.
    /// Pipelined for the batch; returns how many were new (not redeliveries).
    func collect(_ items: [(eventId: String, notification: WebhookNotification)], dueAt: Date) async throws -> Int {
        guard !items.isEmpty else { return 0 }
        var commands = [RedisCommand]()
        for (eventId, notification) in items {
            let user = notification.recipientId
            commands.append(
                RedisCommand([
                    .string("EVAL"), .string(Self.collectScript), .integer(3),
                    redis.key(RedisNames.notificationJob(user)), redis.key(RedisNames.notificationsDue),
                    redis.key(RedisNames.notificationSeen(eventId: eventId, userId: user)),
                    .string(user), .string(notification.jsonString), .integer(Self.milliseconds(dueAt)),
                    .integer(seenTTL.wholeMilliseconds),
                ]))
        }
        let replies = try await redis.send(batch: commands)
        try Self.check(replies, "collect")
        return replies.reduce(0) { $0 + ($1.int ?? 0) }
    }

    /// Messages deleted before their notification went out: a user's waiting notification that
    /// stands for a deleted message counts one message fewer and shows no preview of it, and goes
    /// away if that was its only message (a notification already being delivered is left alone).
    /// Returns how many notifications were changed.
    func forget(_ deleted: [(userId: String, messageId: String)]) async throws -> Int {
        guard !deleted.isEmpty else { return 0 }
        let replies = try await redis.send(
            batch: deleted.map { item in
                RedisCommand([
                    .string("EVAL"), .string(Self.forgetScript), .integer(2),
                    redis.key(RedisNames.notificationJob(item.userId)), redis.key(RedisNames.notificationsDue),
                    .string(item.userId), .string(item.messageId),
                ])
            })
        try Self.check(replies, "forget")
        return replies.reduce(0) { $0 + ($1.int ?? 0) }
    }

    /// Claims up to `limit` due notifications until `leaseUntil`.
    func claimDue(now: Date, leaseUntil: Date, limit: Int) async throws -> [Claim] {
        let due = try await redis.send(
            RedisCommand([
                .string("ZRANGEBYSCORE"), redis.key(RedisNames.notificationsDue), .string("-inf"), .integer(Self.milliseconds(now)),
                .string("LIMIT"), .integer(0), .integer(limit),
            ]))
        let users = (due.array ?? []).compactMap(\.string)
        guard !users.isEmpty else { return [] }
        let replies = try await redis.send(
            batch: users.map { user in
                RedisCommand([
                    .string("EVAL"), .string(Self.claimScript), .integer(2),
                    redis.key(RedisNames.notificationsDue), redis.key(RedisNames.notificationJob(user)),
                    .string(user), .integer(Self.milliseconds(now)), .integer(Self.milliseconds(leaseUntil)),
                ])
            })
        try Self.check(replies, "claim")
        var claims = [Claim]()
        for (user, reply) in zip(users, replies) {
            guard let parts = reply.array, parts.count == 3, let attempt = parts[0].int, let messages = parts[1].int,
                let json = parts[2].string,
                let notification = try? WebhookNotification(json: json)
            else { continue }
            claims.append(Claim(userId: user, attempt: attempt, messages: messages, notification: notification))
        }
        return claims
    }

    /// Ends a claimed notification (delivered, dead-lettered or no longer needed); messages
    /// collected since its claim make the next one, due at `nextDueAt`.
    func finish(_ claim: Claim, nextDueAt: Date) async throws {
        let reply = try await redis.send(
            RedisCommand([
                .string("EVAL"), .string(Self.finishScript), .integer(2),
                redis.key(RedisNames.notificationsDue), redis.key(RedisNames.notificationJob(claim.userId)),
                .string(claim.userId), .integer(Self.milliseconds(nextDueAt)),
            ]))
        try Self.check([reply], "finish")
    }

    /// Schedules the next attempt of a claimed notification.
    func retry(_ claim: Claim, at date: Date) async throws {
        _ = try await redis.send(
            RedisCommand([.string("ZADD"), redis.key(RedisNames.notificationsDue), .string("XX"), .integer(Self.milliseconds(date)), .string(claim.userId)]),
            timeout: nil)
    }

    /// Notifications waiting (due or not), for the metrics.
    func depth() async throws -> Int {
        try await redis.send(RedisCommand([.string("ZCARD"), redis.key(RedisNames.notificationsDue)])).int ?? 0
    }

    static func milliseconds(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }

    private static func check(_ replies: [RESPValue], _ operation: String) throws {
        if let failure = replies.first(where: { if case .error = $0 { true } else { false } }) {
            throw RedisClientError(.errorReply, message: "\(failure)", command: "EVAL \(operation)")
        }
    }

    // KEYS: job, due, seen. ARGV: user, notification, dueAt, seenTTL.
    static let collectScript = """
        if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[4]) then return 0 end
        redis.call('HSET', KEYS[1], 'latest', ARGV[2])
        redis.call('HINCRBY', KEYS[1], 'messages', 1)
        if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
        return 1
        """

    // KEYS: job, due. ARGV: user, messageId. Returns 1 when the waiting notification was about the
    // deleted message (then one message fewer, no preview; none at all if it was the only one).
    static let forgetScript = """
        local latest = redis.call('HGET', KEYS[1], 'latest')
        if not latest then return 0 end
        local notification = cjson.decode(latest)
        if notification.messageId ~= ARGV[2] then return 0 end
        local left = redis.call('HINCRBY', KEYS[1], 'messages', -1)
        if left <= 0 then
          redis.call('HDEL', KEYS[1], 'latest')
          redis.call('HSET', KEYS[1], 'messages', 0)
          if not redis.call('HGET', KEYS[1], 'inflight') then
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
          end
          return 1
        end
        notification.preview = ''
        redis.call('HSET', KEYS[1], 'latest', cjson.encode(notification))
        return 1
        """

    // KEYS: due, job. ARGV: user, now, leaseUntil. Returns {attempt, messages, notification} or nil.
    // The first claim freezes what was collected into the `inflight` fields (messages collected
    // later start the next notification); a claim after a lease ended sends the same snapshot
    // again, with the same id, so the receiver can drop the repeat.
    static let claimScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or tonumber(score) > tonumber(ARGV[2]) then return false end
        if not redis.call('HGET', KEYS[2], 'inflight') then
          local latest = redis.call('HGET', KEYS[2], 'latest')
          if not latest then redis.call('ZREM', KEYS[1], ARGV[1]) return false end
          redis.call('HSET', KEYS[2], 'inflight', latest, 'inflight_messages', redis.call('HGET', KEYS[2], 'messages'), 'messages', 0)
          redis.call('HDEL', KEYS[2], 'latest')
        end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        local attempt = redis.call('HINCRBY', KEYS[2], 'attempt', 1)
        return {attempt, tonumber(redis.call('HGET', KEYS[2], 'inflight_messages')), redis.call('HGET', KEYS[2], 'inflight')}
        """

    // KEYS: due, job. ARGV: user, nextDueAt. Returns the messages collected since the claim.
    static let finishScript = """
        redis.call('HDEL', KEYS[2], 'inflight', 'inflight_messages')
        redis.call('HSET', KEYS[2], 'attempt', 0)
        local left = tonumber(redis.call('HGET', KEYS[2], 'messages') or '0')
        if left <= 0 then
          redis.call('DEL', KEYS[2])
          redis.call('ZREM', KEYS[1], ARGV[1])
          return 0
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        return left
        """
}
