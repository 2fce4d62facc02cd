/// A user as other users see them: the `sender` of a message, a conversation participant, the
/// `user` of the auth API (`{ id, email?, firstName?, lastName?, salonName?, image?, role }`).
public struct UserSummary: Codable, Sendable, Hashable {
    /// The user id.
    public var id: String
    /// First name, if known.
    public var firstName: String?
    /// Last name, if known.
    public var lastName: String?
    /// The salon's name, for salons.
    public var salonName: String?
    /// An avatar URL.
    public var image: String?
    /// The role.
    public var role: UserRole
    /// The email address, where the viewer may see it.
    public var email: String?

    /// Creates a user summary.
    public init(
        id: String,
        firstName: String? = nil,
        lastName: String? = nil,
        salonName: String? = nil,
        image: String? = nil,
        role: UserRole,
        email: String? = nil
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.salonName = salonName
        self.image = image
        self.role = role
        self.email = email
    }

    /// The name to show: the salon's name for salons, else "first last", else the email, else the id.
    public var displayName: String {
        if role == .salon, let salonName, !salonName.isEmpty { return salonName }
        let full = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if !full.isEmpty { return full }
        if let salonName, !salonName.isEmpty { return salonName }
        return email ?? id
    }
}
