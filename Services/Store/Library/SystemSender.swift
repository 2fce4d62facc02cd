import MessagingProtocol

/// The author of `SYSTEM` messages posted by the platform's backend.
enum SystemSender {
    static let user = UserSummary(id: "system", firstName: "InkStudio", role: .admin)
}
