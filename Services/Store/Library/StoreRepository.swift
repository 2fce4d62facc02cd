import Foundation
import JSONCoding
import MessagingDatabase
import MessagingProtocol

/// The store's queries, on a database or inside a transaction.
struct StoreRepository: Sendable {
    let executor: any SQLExecutor

    /// The participants of each conversation (conversations that do not exist are absent), and
    /// which of them are end-to-end encrypted.
    func participants(of conversationIDs: Set<String>) async throws -> (members: [String: Set<String>], encrypted: Set<String>) {
        guard !conversationIDs.isEmpty else { return ([:], []) }
        let rows = try await executor.query(
            """
            SELECT p.conversation_id, p.user_id, c.encrypted FROM participants p JOIN conversations c ON c.id = p.conversation_id
            WHERE p.conversation_id \(anyOf: Array(conversationIDs))
            """)
        var members = [String: Set<String>]()
        var encrypted = Set<String>()
        for row in rows {
            let conversation = try row.string("conversation_id")
            members[conversation, default: []].insert(try row.string("user_id"))
            if (row.optionalInt("encrypted") ?? 0) != 0 { encrypted.insert(conversation) }
        }
        return (members, encrypted)
    }

    func isParticipant(_ userID: String, in conversationID: String) async throws -> Bool {
        try await !executor.execute(ParticipationStatement(userID: userID, conversationID: conversationID)).isEmpty
    }

    /// Saves the public profiles of message authors (from verified claims or profile events).
    func upsertProfiles(_ users: [UserSummary], now: Date) async throws {
        guard !users.isEmpty else { return }
        var query: SQLQuery = "INSERT INTO users (id, role, first_name, last_name, salon_name, image, updated_at) VALUES "
        for (index, user) in users.enumerated() {
            query += (index == 0 ? "" : ", ")
                + "(\(bind: user.id), \(bind: user.role.rawValue), \(bind: user.firstName), \(bind: user.lastName), \(bind: user.salonName), \(bind: user.image), \(bind: now.milliseconds))"
        }
        query += """
             ON CONFLICT (id) DO UPDATE SET role = excluded.role, first_name = excluded.first_name, last_name = excluded.last_name,
                salon_name = excluded.salon_name, image = excluded.image, updated_at = excluded.updated_at
            """
        try await executor.query(query)
    }

    /// Messages already stored for these request ids (a redelivered command) and for these senders'
    /// client message ids in these conversations (by ``SendPlanner/clientKey(sender:conversation:clientMessageID:)``),
    /// in one statement.
    func storedMessages(
        requestIDs: [String], clientMessageIDs keys: [(senderID: String, conversationID: String, clientMessageID: String)]
    ) async throws -> (byRequest: [String: MessagingMessage], byClientID: [String: MessagingMessage]) {
        guard !requestIDs.isEmpty || !keys.isEmpty else { return ([:], [:]) }
        let wanted = Set(keys.map { SendPlanner.clientKey(sender: $0.senderID, conversation: $0.conversationID, clientMessageID: $0.clientMessageID) })
        let requested = Set(requestIDs)
        let rows: [SQLRow]
        if executor.dialect == .postgres {
            rows = try await executor.execute(StoredMessagesStatement(requestIDs: requestIDs, keys: keys))
        } else {
            let senders = Array(Set(keys.map(\.senderID))), clientIDs = Array(Set(keys.map(\.clientMessageID)))
            let conversations = Array(Set(keys.map(\.conversationID)))
            rows = try await executor.query(
                SQLQuery(unsafeSQL: MessageRow.select)
                    + " WHERE m.request_id \(anyOf: requestIDs) OR (m.sender_id \(anyOf: senders) AND m.client_message_id \(anyOf: clientIDs)"
                    + " AND m.conversation_id \(anyOf: conversations))")
        }
        var byRequest = [String: MessagingMessage](), byClientID = [String: MessagingMessage]()
        for row in rows {
            let message = try MessageRow.message(row)
            if let requestID = row.optionalString("request_id"), requested.contains(requestID) { byRequest[requestID] = message }
            if let clientID = message.clientMessageId {
                let key = SendPlanner.clientKey(sender: message.senderId, conversation: message.conversationId, clientMessageID: clientID)
                if wanted.contains(key) { byClientID[key] = message }
            }
        }
        return (byRequest, byClientID)
    }

    /// Messages by id.
    /// One message by id, without its reactions: a lookup to check or change it.
    func message(id: String) async throws -> MessagingMessage? {
        try await executor.query(SQLQuery(unsafeSQL: MessageRow.select) + " WHERE m.id = \(bind: id)").map(MessageRow.message).first
    }

    func messages(ids: [String]) async throws -> [MessagingMessage] {
        guard !ids.isEmpty else { return [] }
        return try await withReactions(try await executor.query(SQLQuery(unsafeSQL: MessageRow.select) + " WHERE m.id \(anyOf: ids)").map(MessageRow.message))
    }

    /// Reserves `count` sequence numbers in a conversation (the row lock orders concurrent writers);
    /// returns the first.
    func reserveSeq(conversationID: String, count: Int, now: Date) async throws -> Int {
        let rows = try await executor.query(
            """
            UPDATE conversations SET last_seq = last_seq + \(bind: count), last_message_at = \(bind: now.milliseconds)
            WHERE id = \(bind: conversationID) RETURNING last_seq
            """)
        guard let last = try rows.first?.int("last_seq") else { throw DatabaseError.queryFailed("conversation vanished") }
        return last - count + 1
    }

    /// Inserts messages in multi-row statements of 200 (SQLite; PostgreSQL stores a group of new
    /// messages in one statement, ``storeNew(_:increments:now:)``).
    func insert(_ messages: [(message: MessagingMessage, requestID: String?)]) async throws {
        guard !messages.isEmpty else { return }
        let attachments = Self.attachmentsJSON
        for chunk in stride(from: 0, to: messages.count, by: 200).map({ Array(messages[$0..<min($0 + 200, messages.count)]) }) {
            var query: SQLQuery = """
                INSERT INTO messages (id, conversation_id, seq, sender_id, type, content, attachments, client_message_id, request_id, created_at) VALUES 
                """
            for (index, item) in chunk.enumerated() {
                let message = item.message
                query += (index == 0 ? "" : ", ")
                    + """
                    (\(bind: message.id), \(bind: message.conversationId), \(bind: message.seq), \(bind: message.senderId), \
                    \(bind: message.type.rawValue), \(bind: message.content), \(bind: attachments(message)), \(bind: message.clientMessageId), \
                    \(bind: item.requestID), \(bind: message.createdAt.milliseconds))
                    """
            }
            try await executor.query(query)
        }
    }

    /// A message's attachments as stored: a JSON array.
    static func attachmentsJSON(_ message: MessagingMessage) -> String {
        message.attachments.jsonString
    }

    /// Moves each sender's `unread_base` with the messages it sent (its own count stays as it was), a
    /// statement a row (SQLite has one writer at a time; PostgreSQL does it within
    /// ``storeNew(_:recipients:now:)``), and returns every recipient's unread counts afterwards.
    func advanceSenders(_ sent: [SentCount], countingFor recipients: Set<String>) async throws -> [String: [String: Int]] {
        for item in sent {
            try await executor.query(
                """
                UPDATE participants SET unread_base = unread_base + \(bind: item.count)
                WHERE conversation_id = \(bind: item.conversationID) AND user_id = \(bind: item.userID)
                """)
        }
        return try await unreadCounts(users: recipients)
    }

    /// Each user's unread count per conversation (only conversations with unread messages): the
    /// conversation's last `seq` past the participant's `unread_base`.
    func unreadCounts(users: Set<String>) async throws -> [String: [String: Int]] {
        guard !users.isEmpty else { return [:] }
        let rows = try await executor.execute(UnreadCountsStatement(users: Array(users)))
        return try Self.unreadByUser(rows)
    }

    /// `user_id, conversation_id, unread_count` rows as counts per user and conversation.
    /// A user's unread total over their conversations' counts (0 for none).
    static func totalUnread(_ counts: [String: Int]?) -> Int { counts?.values.reduce(0, +) ?? 0 }

    static func unreadByUser(_ rows: [SQLRow]) throws -> [String: [String: Int]] {
        var result = [String: [String: Int]]()
        for row in rows {
            result[try row.string("user_id"), default: [:]][try row.string("conversation_id")] = try row.int("unread_count")
        }
        return result
    }

    /// The reader read `count` messages (or, with `nil`, everything) in the conversation: its
    /// `unread_base` moves up by as many, never past the conversation's last `seq`.
    func removeUnread(_ count: Int?, conversationID: String, readerID: String) async throws {
        let lastSeq: SQLQuery = "(SELECT c.last_seq FROM conversations c WHERE c.id = participants.conversation_id)"
        var query: SQLQuery = "UPDATE participants SET unread_base = "
        if let count {
            query += "CASE WHEN unread_base + \(bind: count) < " + lastSeq + " THEN unread_base + \(bind: count) ELSE " + lastSeq + " END"
        } else {
            query += lastSeq
        }
        query += " WHERE conversation_id = \(bind: conversationID) AND user_id = \(bind: readerID)"
        try await executor.query(query)
    }

    /// What follows `afterSeq`, oldest first, at most `limit`; whether more follow.
    func page(conversationID: String, afterSeq: Int, limit: Int) async throws -> (messages: [MessagingMessage], hasMore: Bool) {
        let query = SQLQuery(unsafeSQL: MessageRow.select)
            + " WHERE m.conversation_id = \(bind: conversationID) AND m.seq > \(bind: afterSeq) ORDER BY m.seq ASC LIMIT \(bind: limit + 1)"
        let messages = try await executor.query(query).map(MessageRow.message)
        return (try await withReactions(Array(messages.prefix(limit))), messages.count > limit)
    }

    /// The latest `limit` messages before `beforeSeq` (all when `nil`), oldest first, and whether older ones exist.
    func page(conversationID: String, beforeSeq: Int?, limit: Int) async throws -> (messages: [MessagingMessage], hasMore: Bool) {
        let messages = try await executor.execute(HistoryPageStatement(conversationID: conversationID, beforeSeq: beforeSeq ?? .max, limit: limit))
            .map(MessageRow.message)
        return (try await withReactions(Array(messages.prefix(limit).reversed())), messages.count > limit)
    }
}
