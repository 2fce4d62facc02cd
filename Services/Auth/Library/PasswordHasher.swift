import HummingbirdBcrypt
import NIOPosix

/// bcrypt on a thread pool (it is slow on purpose; the event loops must not wait for it).
struct PasswordHasher: Sendable {
    let cost: UInt8
    let threadPool: NIOThreadPool

    /// bcrypt reads at most 72 bytes: longer passwords are refused rather than silently cut.
    static let maximumBytes = 72
    static let minimumCharacters = 8

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` is the one hashed. bcrypt stops at a NUL byte and at 72 bytes, so a
    /// password with either (never accepted at registration) could match a shorter one: refused.
    func verify(_ password: String, hash: String) async throws -> Bool {
        guard Self.isHashable(password) else { return false }
        return try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Whether bcrypt reads all of `password`: no NUL, at most ``maximumBytes``.
    static func isHashable(_ password: String) -> Bool {
        password.utf8.count <= maximumBytes && !password.utf8.contains(0)
    }
}
