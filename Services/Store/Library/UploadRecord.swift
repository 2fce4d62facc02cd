import Foundation
import MessagingProtocol

/// An uploaded file as the store keeps it: who uploaded it, what it is, where its bytes are, and
/// the message (and conversation) that carries it once sent.
struct UploadRecord: Sendable, Hashable {
    var id: String
    var uploaderID: String
    var fileName: String
    var mimeType: String
    var fileSize: Int
    /// The object's key in the attachment storage.
    var storageKey: String
    var createdAt: Date
    var messageID: String?
    var conversationID: String?
    /// When its message was deleted (then no one downloads it, and it is collected).
    var orphanedAt: Date?

    /// Where participants download it.
    static func url(of id: String) -> String { "/api/attachments/\(id)" }

    /// The metadata a message carries.
    var attachment: Attachment { Attachment(id: id, url: Self.url(of: id), fileName: fileName, fileSize: fileSize, mimeType: mimeType) }
}
