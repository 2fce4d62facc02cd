/// `POST /api/attachments` answer: `{ attachment: { id, url, fileName, fileSize, mimeType } }`.
public struct AttachmentResponse: Codable, Sendable, Hashable {
    /// The upload, to name in `send-message`'s `attachments` (by `id`).
    public var attachment: Attachment

    /// Creates the body.
    public init(attachment: Attachment) { self.attachment = attachment }
}
