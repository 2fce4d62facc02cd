import MessagingProtocol
import MessagingRedis
import Metrics
import ServiceKit

/// Login and registration attempts, counted in Redis (`ratelimit:…`, expiring) so every auth
/// instance shares them, and always checked before any password is hashed.
///
/// Failed logins slow guessing without letting a stranger lock anyone out: after a few failures
/// for one account *from one address*, that address waits before its next try (1 s, 2 s, 4 s …, up
/// to `maxDelay`); failures for the account from every address together add a shorter wait (up to
/// `accountMaxDelay`), which bounds distributed guessing while the owner waits at most that long.
/// An address also has a hard ceiling of failures per window, over all accounts.
struct AuthRateLimiter: Sendable {
    let redis: RedisClient
    let limits: AuthConfiguration.AttemptLimits

    private func pairKey(_ email: String, _ address: String) -> String { "ratelimit:login:pair:\(address)|\(email)" }
    private func accountKey(_ email: String) -> String { "ratelimit:login:account:\(email)" }
    private func addressKey(_ address: String) -> String { "ratelimit:login:ip:\(address)" }
    private func waitKey(_ key: String) -> String { key + ":wait" }
    private func registerKey(_ address: String) -> String { "ratelimit:register:ip:\(address)" }

    /// Throws `RATE_LIMITED` (saying how long to wait) while this address must wait for this
    /// account, or has failed too often.
    func checkLogin(email: String, address: String) async throws(MessagingError) {
        let replies: [RESPValue]
        do {
            replies = try await redis.send(batch: [
                RedisCommand([.string("PTTL"), redis.key(waitKey(pairKey(email, address)))]),
                RedisCommand([.string("PTTL"), redis.key(waitKey(accountKey(email)))]),
                RedisCommand([.string("GET"), redis.key(addressKey(address))]),
            ])
        } catch {
            throw MessagingError(.unavailable, "cannot check login attempts right now")
        }
        let wait = max(replies[0].int ?? 0, replies[1].int ?? 0)
        if wait > 0 {
            Self.refused("login_wait")
            throw MessagingError(.rateLimited, "too many failed logins: try again in \(Duration.milliseconds(wait).retrySeconds) s")
        }
        if (replies[2].int ?? 0) >= limits.failuresPerAddress {
            Self.refused("login_address")
            throw MessagingError(.rateLimited, "too many failed logins from this address, try again later")
        }
    }

    /// Counts a failure and sets the waits it earns.
    func recordLoginFailure(email: String, address: String) async {
        let window = RedisArgument.integer(limits.window.wholeMilliseconds)
        let pair = pairKey(email, address), account = accountKey(email), perAddress = addressKey(address)
        do {
            let replies = try await redis.send(batch: [pair, account, perAddress].flatMap { key in
                [RedisCommand([.string("INCR"), redis.key(key)]), RedisCommand([.string("PEXPIRE"), redis.key(key), window, .string("NX")])]
            })
            var waits = [RedisCommand]()
            let pairWait = AuthConfiguration.AttemptLimits.wait(afterFailures: replies[0].int ?? 0, free: limits.freeFailures, cap: limits.maxDelay)
            if let pairWait { waits.append(RedisCommand([.string("SET"), redis.key(waitKey(pair)), .string("1"), .string("PX"), .integer(pairWait.wholeMilliseconds)])) }
            let accountWait = AuthConfiguration.AttemptLimits.wait(
                afterFailures: replies[2].int ?? 0, free: limits.accountFreeFailures, cap: limits.accountMaxDelay)
            if let accountWait {
                waits.append(RedisCommand([.string("SET"), redis.key(waitKey(account)), .string("1"), .string("PX"), .integer(accountWait.wholeMilliseconds)]))
            }
            if !waits.isEmpty { _ = try await redis.send(batch: waits) }
        } catch {
            // Counting is best effort: the check before the next attempt fails closed if Redis is gone.
        }
    }

    /// Counts a refusal (`auth_refusals_total{reason}`).
    static func refused(_ reason: String) {
        Counter(label: "auth_refusals_total", dimensions: [("reason", reason)]).increment()
    }

    /// A successful login clears what this address earned for this account.
    func recordLoginSuccess(email: String, address: String) async {
        _ = try? await redis.delete([pairKey(email, address), waitKey(pairKey(email, address))])
    }

    /// Counts a registration from this address; throws `RATE_LIMITED` past the limit.
    func admitRegistration(address: String) async throws(MessagingError) {
        let key = registerKey(address)
        let replies: [RESPValue]
        do {
            replies = try await redis.send(batch: [
                RedisCommand([.string("INCR"), redis.key(key)]),
                RedisCommand([.string("PEXPIRE"), redis.key(key), .integer(limits.registrationWindow.wholeMilliseconds), .string("NX")]),
            ])
        } catch {
            throw MessagingError(.unavailable, "cannot check registrations right now")
        }
        if (replies[0].int ?? 0) > limits.registrationsPerAddress {
            Self.refused("registration")
            throw MessagingError(.rateLimited, "too many registrations from this address, try again later")
        }
    }
}
