import Foundation
import MessagingProtocol

/// The rules an account's fields follow; pure.
enum AccountValidator {
    /// Trimmed and lowercased.
    static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func validateEmail(_ email: String) throws(MessagingError) {
        guard email.count <= 254 else { throw MessagingError(.validationFailed, "email is too long (at most 254 characters)") }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !email.contains(where: { $0.isWhitespace }), !MessageValidator.containsControlCharacter(email)
        else { throw MessagingError(.validationFailed, "email is not a valid address") }
    }

    static func validatePassword(_ password: String) throws(MessagingError) {
        guard password.count >= PasswordHasher.minimumCharacters else {
            throw MessagingError(.validationFailed, "password is too short (at least \(PasswordHasher.minimumCharacters) characters)")
        }
        guard password.utf8.count <= PasswordHasher.maximumBytes else {
            throw MessagingError(.validationFailed, "password is too long (at most \(PasswordHasher.maximumBytes) bytes)")
        }
        guard PasswordHasher.isHashable(password) else {
            throw MessagingError(.validationFailed, "password contains a NUL character")
        }
    }

    /// An optional display field: trimmed, empty becomes `nil`, at most `limit` characters.
    static func field(_ value: String?, name: String, limit: Int = 100) throws(MessagingError) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= limit else { throw MessagingError(.validationFailed, "\(name) is too long (at most \(limit) characters)") }
        guard !MessageValidator.containsControlCharacter(trimmed) else {
            throw MessagingError(.validationFailed, "\(name) contains a control character")
        }
        return trimmed
    }

    static func image(_ value: String?) throws(MessagingError) -> String? {
        guard let url = try field(value, name: "image", limit: 2048) else { return nil }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw MessagingError(.validationFailed, "image must be an http(s) URL")
        }
        return url
    }

    static func selfRegisteredRole(_ role: UserRole) throws(MessagingError) {
        guard role != .admin else { throw MessagingError(.validationFailed, "ADMIN accounts cannot be self-registered") }
    }
}
