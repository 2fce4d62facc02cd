import MessagingDatabase

/// Users' unread counts per conversation, only where some are unread: each conversation's last
/// `seq` past the participant's `unread_base` (see ``StoreRepository/unreadCounts(users:)``).
/// Prepared: every connect, read mark and conversation list runs it.
struct UnreadCountsStatement: PreparedSQL {
    static let name = "store_unread_counts"
    static let postgresSQL = text(of: Self(users: []))

    let users: [String]

    var query: SQLQuery {
        """
        SELECT p.user_id, p.conversation_id, c.last_seq - p.unread_base AS unread_count
        FROM participants p JOIN conversations c ON c.id = p.conversation_id
        WHERE p.user_id \(anyOf: users) AND c.last_seq > p.unread_base
        """
    }
}
