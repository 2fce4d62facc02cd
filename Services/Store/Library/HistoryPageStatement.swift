import MessagingDatabase

/// A conversation's latest `limit + 1` messages before a `seq` (all with `Int.max`), newest first:
/// every join runs it. Prepared.
struct HistoryPageStatement: PreparedSQL {
    static let name = "store_history_page"
    static let postgresSQL = text(of: Self(conversationID: "", beforeSeq: .max, limit: 0))

    let conversationID: String
    let beforeSeq: Int
    let limit: Int

    var query: SQLQuery {
        SQLQuery(unsafeSQL: MessageRow.select)
            + " WHERE m.conversation_id = \(bind: conversationID) AND m.seq < \(bind: beforeSeq) ORDER BY m.seq DESC LIMIT \(bind: limit + 1)"
    }
}
