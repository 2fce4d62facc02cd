import MessagingDatabase

/// The latest `limit + 1` messages of each of these conversations, newest first, in one statement
/// (PostgreSQL: an array and a lateral page per conversation): a batch's joins read their
/// histories together. Prepared.
struct LatestPagesStatement: PreparedSQL {
    static let name = "store_latest_pages"
    static let postgresSQL = text(of: Self(conversationIDs: [], limit: 0))

    let conversationIDs: [String]
    let limit: Int

    var query: SQLQuery {
        SQLQuery(unsafeSQL: "SELECT page.* FROM unnest(")
            + "\(bind: SQLValue.textArray(conversationIDs))::text[]) AS k (id) CROSS JOIN LATERAL ("
            + SQLQuery(unsafeSQL: MessageRow.select)
            + " WHERE m.conversation_id = k.id ORDER BY m.seq DESC LIMIT \(bind: limit + 1)) AS page"
    }
}
