import Foundation
import JSONCoding
import MessagingDatabase
import MessagingProtocol

/// Reading messages with their sender's profile.
enum MessageRow {
    /// The columns every message query selects (`m` is messages, `u` the sender's profile).
    static let select = columns + " FROM messages m" + senderJoin

    /// The columns ``message(_:)`` reads, of `messages m` and its sender `u`.
    static let columns = """
        SELECT m.id, m.request_id, m.conversation_id, m.seq, m.sender_id, m.type, m.content, m.attachments, m.client_message_id,
               m.created_at, m.read_at, m.edited_at, m.deleted_at, u.role AS sender_role, u.first_name AS sender_first_name,
               u.last_name AS sender_last_name, u.salon_name AS sender_salon_name, u.image AS sender_image
        """

    /// Joins each message `m` to its sender `u`.
    static let senderJoin = " LEFT JOIN users u ON u.id = m.sender_id"

    static func message(_ row: SQLRow) throws -> MessagingMessage {
        let senderID = try row.string("sender_id")
        let sender = UserSummary(
            id: senderID, firstName: row.optionalString("sender_first_name"), lastName: row.optionalString("sender_last_name"),
            salonName: row.optionalString("sender_salon_name"), image: row.optionalString("sender_image"),
            role: row.optionalString("sender_role").flatMap(UserRole.init(rawValue:)) ?? .client)
        let attachments = (try? [Attachment](json: try row.string("attachments"))) ?? []
        let readAt = row.optionalDate("read_at")
        return MessagingMessage(
            id: try row.string("id"), conversationId: try row.string("conversation_id"), seq: try row.int("seq"),
            content: try row.string("content"), senderId: senderID,
            type: MessageType(rawValue: try row.string("type")) ?? .user, isRead: readAt != nil, readAt: readAt,
            createdAt: try row.date("created_at"), attachments: attachments, clientMessageId: row.optionalString("client_message_id"),
            sender: sender, editedAt: row.optionalDate("edited_at"), deletedAt: row.optionalDate("deleted_at"))
    }
}
