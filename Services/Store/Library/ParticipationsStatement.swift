import MessagingDatabase

/// Which of these (conversation, user) pairs are participations, in one statement (PostgreSQL:
/// arrays): a batch's joins are checked together. Prepared.
struct ParticipationsStatement: PreparedSQL {
    static let name = "store_participations"
    static let postgresSQL = text(of: Self(pairs: []))

    let pairs: [(conversationID: String, userID: String)]

    var query: SQLQuery {
        """
        SELECT p.conversation_id, p.user_id
        FROM unnest(\(bind: SQLValue.textArray(pairs.map(\.conversationID)))::text[], \(bind: SQLValue.textArray(pairs.map(\.userID)))::text[]) AS k (c, u)
        JOIN participants p ON p.conversation_id = k.c AND p.user_id = k.u
        """
    }
}
