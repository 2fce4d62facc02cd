import Foundation
import MessagingProtocol

/// The rules a message follows (`SPEC.md` §2); pure.
enum MessageValidator {
    /// The most characters (UTF-16 units, as the browser counts them) in a message.
    static let maximumLength = 10_000
    static let maximumAttachments = 10

    /// The content trimmed, or the error to answer.
    static func validate(content: String, attachments: [Attachment]) throws(MessagingError) -> String {
        let trimmed = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf16.count <= maximumLength else {
            throw MessagingError(.validationFailed, "content is longer than \(maximumLength) characters")
        }
        guard !trimmed.isEmpty || !attachments.isEmpty else {
            throw MessagingError(.validationFailed, "content is empty")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw MessagingError(.validationFailed, "content contains a NUL character")
        }
        guard attachments.count <= maximumAttachments else {
            throw MessagingError(.validationFailed, "at most \(maximumAttachments) attachments")
        }
        for attachment in attachments {
            guard attachment.url.hasPrefix("https://") || attachment.url.hasPrefix("http://"), attachment.url.count <= 2048 else {
                throw MessagingError(.validationFailed, "attachment url must be an http(s) URL")
            }
            guard !attachment.id.isEmpty, attachment.id.count <= 100, !attachment.fileName.isEmpty, attachment.fileName.count <= 255,
                attachment.fileSize >= 0
            else { throw MessagingError(.validationFailed, "attachment metadata is invalid") }
        }
        return trimmed
    }

    /// An id given by a client (conversation, message, clientMessageId): 1…100 characters.
    static func identifier(_ value: String, name: String) throws(MessagingError) {
        guard !value.isEmpty, value.count <= 100 else { throw MessagingError(.validationFailed, "\(name) is invalid") }
    }
}
