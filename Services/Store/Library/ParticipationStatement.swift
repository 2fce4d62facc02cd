import MessagingDatabase

/// Whether a user takes part in a conversation (a row `one` when it does): every join and read
/// mark asks. Prepared.
struct ParticipationStatement: PreparedSQL {
    static let name = "store_participation"
    static let postgresSQL = text(of: Self(userID: "", conversationID: ""))

    let userID: String
    let conversationID: String

    var query: SQLQuery {
        "SELECT 1 AS one FROM participants WHERE conversation_id = \(bind: conversationID) AND user_id = \(bind: userID)"
    }
}
