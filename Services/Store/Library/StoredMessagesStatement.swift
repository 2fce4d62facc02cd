import MessagingDatabase

/// The messages already stored for request ids and for (sender, conversation, client message id) keys, on
/// PostgreSQL (see ``StoreRepository/storedMessages(requestIDs:clientMessageIDs:)``): prepared, since
/// every batch of sends runs it. Two index lookups, exact pairs joined from arrays: one `OR` of
/// `= ANY` lists made the planner scan the whole table (the pair index probes every sender × every id).
struct StoredMessagesStatement: PreparedSQL {
    static let name = "store_stored_messages"
    static let postgresSQL = text(of: Self(requestIDs: [], keys: []))

    let requestIDs: [String]
    let keys: [(senderID: String, conversationID: String, clientMessageID: String)]

    var query: SQLQuery {
        var query = SQLQuery(unsafeSQL: MessageRow.select) + " WHERE m.request_id \(anyOf: requestIDs) UNION ALL "
        query += SQLQuery(unsafeSQL: MessageRow.columns)
        query += """
             FROM unnest(
                \(bind: SQLValue.textArray(keys.map(\.senderID)))::text[], \(bind: SQLValue.textArray(keys.map(\.conversationID)))::text[],
                \(bind: SQLValue.textArray(keys.map(\.clientMessageID)))::text[]) AS k (s, v, c)
            JOIN messages m ON m.conversation_id = k.v AND m.sender_id = k.s AND m.client_message_id = k.c
            """
        query += SQLQuery(unsafeSQL: MessageRow.senderJoin)
        return query
    }
}
