import Foundation
import MessagingProtocol

/// The rules a message follows (`SPEC.md` §2); pure.
enum MessageValidator {
    /// The most characters (UTF-16 units, as the browser counts them) in a message.
    static let maximumLength = 10_000
    static let maximumAttachments = 10

    /// The content trimmed, or the error to answer.
    static func validate(content: String, attachments: [Attachment]) throws(MessagingError) -> String {
        let trimmed = needsTrimming(content) ? content.trimmingCharacters(in: .whitespacesAndNewlines) : content
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

    /// Whether `content` starts or ends with white space (most messages do not: no trimming to do).
    static func needsTrimming(_ content: String) -> Bool {
        guard let first = content.unicodeScalars.first, let last = content.unicodeScalars.last else { return false }
        return CharacterSet.whitespacesAndNewlines.contains(first) || CharacterSet.whitespacesAndNewlines.contains(last)
    }

    /// An id given by a client (conversation, message, clientMessageId): 1…100 characters.
    static func identifier(_ value: String, name: String) throws(MessagingError) {
        // At most 100 UTF-8 bytes is at most 100 characters: counting characters is for longer ones.
        guard !value.isEmpty, value.utf8.count <= 100 || value.count <= 100 else { throw MessagingError(.validationFailed, "\(name) is invalid") }
    }
}
