import Foundation
import MessagingDatabase
import MessagingProtocol

/// A stored account.
struct UserRecord: Sendable, Hashable {
    var id: String
    var email: String
    var passwordHash: String
    var role: UserRole
    var firstName: String?
    var lastName: String?
    var salonName: String?
    var image: String?
    var createdAt: Date
    var updatedAt: Date

    /// What the API shows.
    var summary: UserSummary {
        UserSummary(id: id, firstName: firstName, lastName: lastName, salonName: salonName, image: image, role: role, email: email)
    }

    init(
        id: String, email: String, passwordHash: String, role: UserRole, firstName: String?, lastName: String?,
        salonName: String?, image: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.firstName = firstName
        self.lastName = lastName
        self.salonName = salonName
        self.image = image
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    init(row: SQLRow) throws {
        guard let role = UserRole(rawValue: try row.string("role")) else { throw DatabaseError.queryFailed("unknown role in users") }
        self.init(
            id: try row.string("id"), email: try row.string("email"), passwordHash: try row.string("password_hash"), role: role,
            firstName: row.optionalString("first_name"), lastName: row.optionalString("last_name"),
            salonName: row.optionalString("salon_name"), image: row.optionalString("image"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
