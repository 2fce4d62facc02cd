/// A user's role on the platform.
public enum UserRole: String, Codable, Sendable, CaseIterable, Hashable {
    /// A tattoo client.
    case client = "CLIENT"
    /// A tattoo salon.
    case salon = "SALON"
    /// A platform administrator.
    case admin = "ADMIN"
}
