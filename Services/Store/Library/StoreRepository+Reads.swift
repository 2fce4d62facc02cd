import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// Whether the conversation exists.
    func conversationExists(_ conversationID: String) async throws -> Bool {
        try await !executor.query("SELECT 1 AS one FROM conversations WHERE id = \(bind: conversationID)").isEmpty
    }

    /// The conversation's highest `seq` (0 before its first message).
    func lastSeq(of conversationID: String) async throws -> Int {
        try await executor.query("SELECT last_seq FROM conversations WHERE id = \(bind: conversationID)").first?.int("last_seq") ?? 0
    }

    /// Marks one message read at `now` (a no-op when it already is).
    func markRead(messageID: String, at now: Date) async throws {
        try await executor.query("UPDATE messages SET read_at = \(bind: now.milliseconds) WHERE id = \(bind: messageID) AND read_at IS NULL")
    }

    /// The others' messages of the conversation read at exactly `readAt` (what one mark-all did).
    func messagesRead(in conversationID: String, reader: String, at readAt: Date) async throws -> [String] {
        let rows = try await executor.query(
            """
            SELECT id FROM messages
            WHERE conversation_id = \(bind: conversationID) AND sender_id <> \(bind: reader) AND read_at = \(bind: readAt.milliseconds)
            ORDER BY seq
            """)
        return try rows.map { try $0.string("id") }
    }

    /// Marks every unread message of the others in the conversation read at `now`; their ids.
    func markConversationRead(_ conversationID: String, reader: String, at now: Date) async throws -> [String] {
        let rows = try await executor.query(
            """
            UPDATE messages SET read_at = \(bind: now.milliseconds)
            WHERE conversation_id = \(bind: conversationID) AND sender_id <> \(bind: reader) AND read_at IS NULL
            RETURNING id
            """)
        return try rows.map { try $0.string("id") }
    }
}

extension StoreRepository {
    /// Which of these (conversation, user) pairs take part, as ``participationKey(_:_:)``s (PostgreSQL).
    func participations(_ pairs: [(conversationID: String, userID: String)]) async throws -> Set<String> {
        guard !pairs.isEmpty else { return [] }
        let rows = try await executor.execute(ParticipationsStatement(pairs: pairs))
        return Set(try rows.map { Self.participationKey(try $0.string("conversation_id"), try $0.string("user_id")) })
    }

    static func participationKey(_ conversationID: String, _ userID: String) -> String { conversationID + "\u{0}" + userID }

    /// The latest `limit` messages of each conversation, oldest first, and whether older ones exist (PostgreSQL).
    func latestPages(of conversationIDs: [String], limit: Int) async throws -> [String: (messages: [MessagingMessage], hasMore: Bool)] {
        guard !conversationIDs.isEmpty else { return [:] }
        var newestFirst = [String: [MessagingMessage]]()
        for row in try await executor.execute(LatestPagesStatement(conversationIDs: conversationIDs, limit: limit)) {
            let message = try MessageRow.message(row)
            newestFirst[message.conversationId, default: []].append(message)
        }
        let reactions = try await reactions(of: newestFirst.values.flatMap { $0.map(\.id) })
        newestFirst = newestFirst.mapValues { Self.applying(reactions, to: $0) }
        var pages = [String: (messages: [MessagingMessage], hasMore: Bool)]()
        for id in conversationIDs {
            let messages = newestFirst[id] ?? []
            pages[id] = (Array(messages.prefix(limit).reversed()), messages.count > limit)
        }
        return pages
    }
}
