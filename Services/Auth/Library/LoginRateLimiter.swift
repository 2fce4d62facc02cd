import MessagingRedis
import MessagingProtocol

/// Counts failed logins per account and per client address in Redis (`ratelimit:login:…`, expiring
/// after the window), so every auth instance shares the same counts.
struct LoginRateLimiter: Sendable {
    let redis: RedisClient
    let limits: AuthConfiguration.LoginLimits

    private func accountKey(_ email: String) -> String { "ratelimit:login:account:\(email)" }
    private func addressKey(_ address: String) -> String { "ratelimit:login:ip:\(address)" }

    /// Throws `RATE_LIMITED` when either count reached its limit.
    func check(email: String, address: String) async throws(MessagingError) {
        let counts: [RESPValue]
        do {
            counts = try await redis.send(batch: [
                RedisCommand([.string("GET"), redis.key(accountKey(email))]),
                RedisCommand([.string("GET"), redis.key(addressKey(address))]),
            ])
        } catch {
            throw MessagingError(.unavailable, "cannot check login attempts right now")
        }
        if (counts[0].int ?? 0) >= limits.perAccount || (counts[1].int ?? 0) >= limits.perAddress {
            throw MessagingError(.rateLimited, "too many failed logins, try again later")
        }
    }

    /// Records a failure for both counts.
    func recordFailure(email: String, address: String) async {
        let window = RedisArgument.integer(Int(limits.window.components.seconds) * 1000)
        _ = try? await redis.send(batch: [
            RedisCommand([.string("INCR"), redis.key(accountKey(email))]),
            RedisCommand([.string("PEXPIRE"), redis.key(accountKey(email)), window, .string("NX")]),
            RedisCommand([.string("INCR"), redis.key(addressKey(address))]),
            RedisCommand([.string("PEXPIRE"), redis.key(addressKey(address)), window, .string("NX")]),
        ])
    }

    /// A successful login clears the account's count.
    func recordSuccess(email: String) async {
        _ = try? await redis.delete([accountKey(email)])
    }
}
