import Foundation
import MessagingDatabase

/// Accounts in the database.
struct UserRepository: Sendable {
    let database: any Database

    /// Inserts a user; a taken email is ``DatabaseError/uniqueViolation(_:)``.
    func create(_ user: UserRecord) async throws {
        try await database.query(
            """
            INSERT INTO users (id, email, password_hash, role, first_name, last_name, salon_name, image, created_at, updated_at)
            VALUES (\(bind: user.id), \(bind: user.email), \(bind: user.passwordHash), \(bind: user.role.rawValue),
                    \(bind: user.firstName), \(bind: user.lastName), \(bind: user.salonName), \(bind: user.image),
                    \(bind: user.createdAt.milliseconds), \(bind: user.updatedAt.milliseconds))
            """)
    }

    func find(email: String) async throws -> UserRecord? {
        try await database.query("SELECT * FROM users WHERE email = \(bind: email)").first.map(UserRecord.init(row:))
    }

    func find(id: String) async throws -> UserRecord? {
        try await database.query("SELECT * FROM users WHERE id = \(bind: id)").first.map(UserRecord.init(row:))
    }

    /// Saves the profile fields.
    func updateProfile(_ user: UserRecord) async throws {
        try await database.query(
            """
            UPDATE users SET first_name = \(bind: user.firstName), last_name = \(bind: user.lastName),
                salon_name = \(bind: user.salonName), image = \(bind: user.image), updated_at = \(bind: user.updatedAt.milliseconds)
            WHERE id = \(bind: user.id)
            """)
    }
}
