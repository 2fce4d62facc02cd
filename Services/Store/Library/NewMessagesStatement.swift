import Foundation
import MessagingDatabase
import MessagingProtocol

/// The statement that stores a group of new messages on PostgreSQL (see
/// ``StoreRepository/storeNew(_:recipients:now:)``): prepared, since every send runs it.
struct NewMessagesStatement: PreparedSQL {
    static let name = "store_new_messages"
    static let postgresSQL = text(of: Self(messages: [], conversations: [], sent: [], recipients: [], now: Date(timeIntervalSince1970: 0)))

    let messages: [(message: MessagingMessage, requestID: String?)]
    /// Each conversation of the group (in id order) and how many of its messages it holds.
    let conversations: [(id: String, count: Int)]
    let sent: [StoreRepository.SentCount]
    let recipients: Set<String>
    let now: Date

    var query: SQLQuery {
        """
        WITH v AS (
            SELECT * FROM unnest(
                \(bind: SQLValue.textArray(messages.map(\.message.id)))::text[],
                \(bind: SQLValue.textArray(messages.map(\.message.conversationId)))::text[],
                \(bind: SQLValue.textArray(messages.map(\.message.senderId)))::text[],
                \(bind: SQLValue.textArray(messages.map(\.message.type.rawValue)))::text[],
                \(bind: SQLValue.textArray(messages.map(\.message.content)))::text[],
                \(bind: SQLValue.textArray(messages.map { StoreRepository.attachmentsJSON($0.message) }))::text[],
                \(bind: SQLValue.textArray(messages.map { $0.message.clientMessageId ?? "" }))::text[],
                \(bind: SQLValue.textArray(messages.map { $0.requestID ?? "" }))::text[],
                \(bind: SQLValue.intArray(messages.map(\.message.createdAt.milliseconds)))::bigint[]
            ) WITH ORDINALITY AS u (id, c, snd, ty, co, a, cid, r, t, n)
        ),
        counts AS (SELECT * FROM unnest(\(bind: SQLValue.textArray(conversations.map(\.id)))::text[], \(bind: SQLValue.intArray(conversations.map(\.count)))::bigint[]) AS x (c, k)),
        reserved AS (
            UPDATE conversations AS cv SET last_seq = cv.last_seq + counts.k, last_message_at = \(bind: now.milliseconds)
            FROM (SELECT id FROM conversations WHERE id \(anyOf: conversations.map(\.id)) ORDER BY id FOR UPDATE) AS l, counts
            WHERE cv.id \(anyOf: conversations.map(\.id)) AND cv.id = l.id AND cv.id = counts.c
            RETURNING cv.id, cv.last_seq AS last, cv.last_seq - counts.k AS base
        ),
        inserted AS (
            INSERT INTO messages (id, conversation_id, seq, sender_id, type, content, attachments, client_message_id, request_id, created_at)
            SELECT v.id, v.c, reserved.base + row_number() OVER (PARTITION BY v.c ORDER BY v.n), v.snd, v.ty, v.co, v.a,
                   NULLIF(v.cid, ''), NULLIF(v.r, ''), v.t
            FROM v JOIN reserved ON reserved.id = v.c
            RETURNING 1
        ),
        moved AS (
            UPDATE participants AS p SET unread_base = p.unread_base + s.k
            FROM unnest(\(bind: SQLValue.textArray(sent.map(\.conversationID)))::text[],
                        \(bind: SQLValue.textArray(sent.map(\.userID)))::text[],
                        \(bind: SQLValue.intArray(sent.map(\.count)))::bigint[]) AS s (c, u, k)
            WHERE p.conversation_id = s.c AND p.user_id = s.u
            RETURNING p.conversation_id, p.user_id, p.unread_base
        )
        SELECT id AS key_id, NULL::text AS conversation_id, base AS number FROM reserved
        UNION ALL
        SELECT NULL, NULL, count(*) FROM inserted
        UNION ALL
        SELECT p.user_id, p.conversation_id, COALESCE(r.last, c.last_seq) - COALESCE(m.unread_base, p.unread_base)
        FROM participants p JOIN conversations c ON c.id = p.conversation_id
        LEFT JOIN reserved r ON r.id = p.conversation_id
        LEFT JOIN moved m ON m.conversation_id = p.conversation_id AND m.user_id = p.user_id
        WHERE p.user_id \(anyOf: recipients.sorted()) AND COALESCE(r.last, c.last_seq) > COALESCE(m.unread_base, p.unread_base)
        """
    }
}
