import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// A message's new text, and when it was edited (a tombstone is never edited).
    func edit(messageID: String, content: String, at editedAt: Date) async throws {
        try await executor.query(
            "UPDATE messages SET content = \(bind: content), edited_at = \(bind: editedAt.milliseconds) WHERE id = \(bind: messageID) AND deleted_at IS NULL")
    }

    /// A message becomes a tombstone: no content, no attachments, when it was deleted.
    func delete(messageID: String, at deletedAt: Date) async throws {
        try await executor.query(
            "UPDATE messages SET content = '', attachments = '[]', deleted_at = \(bind: deletedAt.milliseconds) WHERE id = \(bind: messageID) AND deleted_at IS NULL")
    }

    /// An unread message of `sender` was deleted: every other participant with unread messages in the
    /// conversation has one fewer (their base moves up by one, never past the last `seq`). Returns them.
    func discountUnread(in conversationID: String, sentBy sender: String) async throws -> [String] {
        let rows = try await executor.query(
            """
            UPDATE participants SET unread_base = unread_base + 1
            WHERE conversation_id = \(bind: conversationID) AND user_id <> \(bind: sender)
              AND unread_base < (SELECT last_seq FROM conversations WHERE id = \(bind: conversationID))
            RETURNING user_id
            """)
        return try rows.map { try $0.string("user_id") }
    }
}
