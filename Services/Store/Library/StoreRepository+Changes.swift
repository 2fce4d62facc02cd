import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// A message's new text, and when it was edited (a tombstone is never edited); a change of its conversation.
    func edit(messageID: String, conversationID: String, content: String, at editedAt: Date) async throws {
        let version = try await nextChange(of: conversationID)
        try await executor.query(
            """
            UPDATE messages SET content = \(bind: content), edited_at = \(bind: editedAt.milliseconds), change_version = \(bind: version)
            WHERE id = \(bind: messageID) AND deleted_at IS NULL
            """)
    }

    /// A message becomes a tombstone: no content, no attachments, when it was deleted; a change of its conversation.
    func delete(messageID: String, conversationID: String, at deletedAt: Date) async throws {
        let version = try await nextChange(of: conversationID)
        try await executor.query(
            """
            UPDATE messages SET content = '', attachments = '[]', deleted_at = \(bind: deletedAt.milliseconds), change_version = \(bind: version)
            WHERE id = \(bind: messageID) AND deleted_at IS NULL
            """)
        try await removeReactions(of: messageID)
        try await orphanAttachments(of: messageID, at: deletedAt)
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

    /// Counts one more change of the conversation (its row stays locked until the transaction ends,
    /// so changes are numbered in commit order); returns the change's number.
    func nextChange(of conversationID: String) async throws -> Int {
        let rows = try await executor.query(
            "UPDATE conversations SET change_count = change_count + 1 WHERE id = \(bind: conversationID) RETURNING change_count")
        guard let row = rows.first else { throw DatabaseError.queryFailed("conversation \(conversationID) not found") }
        return try row.int("change_count")
    }

    /// Where a conversation stands: its last `seq` and how many changes it had.
    func version(of conversationID: String) async throws -> ConversationVersion? {
        let rows = try await executor.query("SELECT last_seq, change_count FROM conversations WHERE id = \(bind: conversationID)")
        guard let row = rows.first else { return nil }
        return ConversationVersion(seq: try row.int("last_seq"), changes: try row.int("change_count"))
    }

    /// The messages created after `since` (up to `until`), oldest first, at most `limit`, and whether more follow.
    func created(
        in conversationID: String, since: ConversationVersion, until: ConversationVersion, limit: Int
    ) async throws -> (messages: [MessagingMessage], hasMore: Bool) {
        let rows = try await executor.query(
            SQLQuery(unsafeSQL: MessageRow.select)
                + " WHERE m.conversation_id = \(bind: conversationID) AND m.seq > \(bind: since.seq) AND m.seq <= \(bind: until.seq)"
                + " ORDER BY m.seq ASC LIMIT \(bind: limit + 1)")
        let messages = try rows.map(MessageRow.message)
        return (try await withReactions(Array(messages.prefix(limit))), messages.count > limit)
    }

    /// The messages changed after `since` (up to `until`), in change order, at most `limit`, with the
    /// number of their latest change, and whether more follow.
    func changed(
        in conversationID: String, since: ConversationVersion, until: ConversationVersion, limit: Int
    ) async throws -> (messages: [(message: MessagingMessage, change: Int)], hasMore: Bool) {
        let rows = try await executor.query(
            SQLQuery(unsafeSQL: MessageRow.columns) + ", m.change_version FROM messages m" + SQLQuery(unsafeSQL: MessageRow.senderJoin)
                + " WHERE m.conversation_id = \(bind: conversationID) AND m.change_version > \(bind: since.changes)"
                + " AND m.change_version <= \(bind: until.changes) ORDER BY m.change_version ASC LIMIT \(bind: limit + 1)")
        let changed = try rows.map { (message: try MessageRow.message($0), change: try $0.int("change_version")) }
        let page = Array(changed.prefix(limit))
        let messages = try await withReactions(page.map(\.message))
        return (Array(zip(messages, page.map(\.change))).map { (message: $0.0, change: $0.1) }, changed.count > limit)
    }
}
