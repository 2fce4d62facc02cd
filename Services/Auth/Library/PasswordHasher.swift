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

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
