/// `POST /api/auth/register` body.
public struct RegisterRequest: Codable, Sendable, Hashable {
    /// The email (normalised by the server: trimmed, lowercased).
    public var email: String
    /// The password.
    public var password: String
    /// First name.
    public var firstName: String?
    /// Last name.
    public var lastName: String?
    /// Salon name, for salons.
    public var salonName: String?
    /// Avatar URL.
    public var image: String?
    /// `CLIENT` or `SALON` (`ADMIN` cannot be self-registered).
    public var role: UserRole

    /// Creates the body.
    public init(
        email: String, password: String, firstName: String? = nil, lastName: String? = nil,
        salonName: String? = nil, image: String? = nil, role: UserRole
    ) {
        self.email = email
        self.password = password
        self.firstName = firstName
        self.lastName = lastName
        self.salonName = salonName
        self.image = image
        self.role = role
    }
}

/// `POST /api/auth/login` body.
public struct LoginRequest: Codable, Sendable, Hashable {
    /// The email.
    public var email: String
    /// The password.
    public var password: String

    /// Creates the body.
    public init(email: String, password: String) {
        self.email = email
        self.password = password
    }
}

/// `{ user }`: the answer of register, login and `GET /api/auth/me`.
public struct UserResponse: Codable, Sendable, Hashable {
    /// The user.
    public var user: UserSummary

    /// Creates the body.
    public init(user: UserSummary) { self.user = user }
}

/// `GET /api/messaging/token`: `{ token }`, the raw JWT for the socket's `auth.token`.
public struct TokenResponse: Codable, Sendable, Hashable {
    /// The raw JWT (no "Bearer ").
    public var token: String

    /// Creates the body.
    public init(token: String) { self.token = token }
}
