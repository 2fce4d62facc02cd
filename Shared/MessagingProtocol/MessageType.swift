/// Who wrote a message: a user, or the platform itself.
public enum MessageType: String, Codable, Sendable, CaseIterable, Hashable {
    /// Written by a participant.
    case user = "USER"
    /// Posted by the platform's backend with a service credential.
    case system = "SYSTEM"
}
