import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// The messages of `userID`'s conversations (or of one of them) matching every word of `query`,
    /// best first (then newest), never a tombstone nor a message of an end-to-end encrypted
    /// conversation (its envelope is not text): `limit` of them after skipping `offset`, and
    /// whether more follow.
    func search(
        _ query: SearchQuery, for userID: String, in conversationID: String?, limit: Int, offset: Int
    ) async throws -> (messages: [MessagingMessage], hasMore: Bool) {
        var sql: SQLQuery
        if executor.dialect == .postgres {
            sql = SQLQuery(unsafeSQL: MessageRow.columns)
            sql += """
                , ts_rank(inkstudio_search_vector(m.content), q) AS rank
                FROM messages m CROSS JOIN to_tsquery('simple', \(bind: query.postgresQuery)) AS q
                JOIN participants p ON p.conversation_id = m.conversation_id AND p.user_id = \(bind: userID)
                JOIN conversations searched ON searched.id = m.conversation_id AND searched.encrypted = 0
                """
            sql += SQLQuery(unsafeSQL: MessageRow.senderJoin)
            sql += " WHERE inkstudio_search_vector(m.content) @@ q AND m.deleted_at IS NULL"
            if let conversationID { sql += " AND m.conversation_id = \(bind: conversationID)" }
            sql += " ORDER BY rank DESC, m.created_at DESC, m.id LIMIT \(bind: limit + 1) OFFSET \(bind: offset)"
        } else {
            sql = SQLQuery(unsafeSQL: MessageRow.columns)
            sql += """
                , bm25(messages_fts) AS rank
                FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
                JOIN participants p ON p.conversation_id = m.conversation_id AND p.user_id = \(bind: userID)
                JOIN conversations searched ON searched.id = m.conversation_id AND searched.encrypted = 0
                """
            sql += SQLQuery(unsafeSQL: MessageRow.senderJoin)
            sql += " WHERE messages_fts MATCH \(bind: query.sqliteQuery) AND m.deleted_at IS NULL"
            if let conversationID { sql += " AND m.conversation_id = \(bind: conversationID)" }
            sql += " ORDER BY rank ASC, m.created_at DESC, m.id LIMIT \(bind: limit + 1) OFFSET \(bind: offset)"
        }
        let messages = try await executor.query(sql).map(MessageRow.message)
        return (try await withReactions(Array(messages.prefix(limit))), messages.count > limit)
    }
}
