import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// Creates a conversation with its participants.
    func createConversation(
        id: String, subject: String?, appointmentID: String?, participants: [String], encrypted: Bool = false, now: Date
    ) async throws {
        try await executor.query(
            """
            INSERT INTO conversations (id, subject, appointment_id, created_at, last_seq, encrypted)
            VALUES (\(bind: id), \(bind: subject), \(bind: appointmentID), \(bind: now.milliseconds), 0, \(bind: encrypted ? 1 : 0))
            """)
        var query: SQLQuery = "INSERT INTO participants (conversation_id, user_id, unread_base, joined_at) VALUES "
        for (index, user) in participants.enumerated() {
            query += (index == 0 ? "" : ", ") + "(\(bind: id), \(bind: user), 0, \(bind: now.milliseconds))"
        }
        try await executor.query(query)
    }

    /// The conversations of a user, newest activity first, as the API shows them to that user.
    func conversations(of userID: String, only conversationID: String? = nil, limit: Int = 100) async throws -> [ConversationDto] {
        var query: SQLQuery = """
            SELECT c.id, c.subject, c.appointment_id, c.created_at, c.last_seq, c.last_message_at, c.encrypted
            FROM conversations c JOIN participants p ON p.conversation_id = c.id AND p.user_id = \(bind: userID)
            """
        if let conversationID { query += " WHERE c.id = \(bind: conversationID)" }
        query += " ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id LIMIT \(bind: limit)"
        let rows = try await executor.query(query)
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.string("id") }

        let memberRows = try await executor.query(
            """
            SELECT p.conversation_id, p.user_id, u.role, u.first_name, u.last_name, u.salon_name, u.image
            FROM participants p LEFT JOIN users u ON u.id = p.user_id
            WHERE p.conversation_id IN (\(binds: ids)) ORDER BY p.joined_at, p.user_id
            """)
        var members = [String: [UserSummary]]()
        for row in memberRows {
            members[try row.string("conversation_id"), default: []].append(
                UserSummary(
                    id: try row.string("user_id"), firstName: row.optionalString("first_name"), lastName: row.optionalString("last_name"),
                    salonName: row.optionalString("salon_name"), image: row.optionalString("image"),
                    role: row.optionalString("role").flatMap(UserRole.init(rawValue:)) ?? .client))
        }
        let lastMessages = try await executor.query(
            SQLQuery(unsafeSQL: MessageRow.select)
                + " JOIN conversations c ON c.id = m.conversation_id AND m.seq = c.last_seq WHERE c.id IN (\(binds: ids))"
        ).map(MessageRow.message)
        let unread = try await unreadCounts(users: [userID])[userID] ?? [:]

        return try rows.map { row in
            let id = try row.string("id")
            return ConversationDto(
                id: id, subject: row.optionalString("subject"), appointmentId: row.optionalString("appointment_id"),
                participants: members[id] ?? [], lastMessage: lastMessages.first { $0.conversationId == id }.map(ConversationMessageDto.init),
                unreadCount: unread[id] ?? 0, createdAt: try row.date("created_at"), encrypted: (row.optionalInt("encrypted") ?? 0) != 0 ? true : nil)
        }
    }
}
