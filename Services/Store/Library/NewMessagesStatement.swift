import Foundation
import MessagingDatabase
import MessagingProtocol

/// The statement that stores a group of new messages on PostgreSQL (see
/// ``StoreRepository/storeNew(_:recipients:now:)``): prepared, since every send runs it.
///
/// Conversations are found by id (`= ANY`: index lookups, never a scan of the table). Identifiers
/// are never empty (MessageValidator), so '' stands for NULL in the arrays. A message whose sender
/// stored its `clientMessageId` in that conversation before (a retry) is not inserted and takes no `seq`: the statement
/// finds it itself, so a first delivery needs no lookup before it (a retry racing its original in
/// another store fails on the unique index, and the batch is applied again with lookups). The
/// sequence reservation locks the conversation rows in id order (two stores never wait on each
/// other in a cycle) before the insert and the senders' bases touch them.
///
/// Rows, by `kind`: `seq` per conversation written (`key_id`, and `number` its last seq before this
/// group: the k-th new message there, in the order given, gets base + k); `inserted` (`number`: how
/// many); `duplicate` per retried message (`key_id` the stored message's id, `number` its position,
/// from 1, in the group); `unread` per recipient and conversation (`key_id` the user,
/// `conversation_id`, `number` the count). In the group's conversations the counts use the last
/// `seq` and the bases as this statement left them — after the conversation's lock, so a send
/// committed meanwhile by another store (or the HTTP API) is counted; elsewhere, as the
/// statement's snapshot saw them.
struct NewMessagesStatement: PreparedSQL {
    static let name = "store_new_messages"
    static let postgresSQL = text(of: Self(messages: [], recipients: [], now: Date(timeIntervalSince1970: 0)))

    let messages: [(message: MessagingMessage, requestID: String?)]
    let recipients: Set<String>
    let now: Date

    var query: SQLQuery {
        let conversations = Set(messages.map(\.message.conversationId)).sorted()
        return """
        WITH given AS (
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
        dup AS (
            SELECT given.n, m.id AS existing FROM given
            JOIN messages m ON m.conversation_id = given.c AND m.sender_id = given.snd AND m.client_message_id = given.cid
            WHERE given.cid <> ''
        ),
        v AS (SELECT * FROM given WHERE NOT EXISTS (SELECT 1 FROM dup WHERE dup.n = given.n)),
        counts AS (SELECT c, count(*) AS k FROM v GROUP BY c),
        reserved AS (
            UPDATE conversations AS cv SET last_seq = cv.last_seq + counts.k, last_message_at = \(bind: now.milliseconds)
            FROM (SELECT id FROM conversations WHERE id \(anyOf: conversations) ORDER BY id FOR UPDATE) AS l, counts
            WHERE cv.id \(anyOf: conversations) AND cv.id = l.id AND cv.id = counts.c
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
            FROM (SELECT c, snd, count(*) AS k FROM v GROUP BY c, snd) AS s
            WHERE p.conversation_id = s.c AND p.user_id = s.snd
            RETURNING p.conversation_id, p.user_id, p.unread_base
        )
        SELECT 'seq' AS kind, id AS key_id, NULL::text AS conversation_id, base AS number FROM reserved
        UNION ALL
        SELECT 'inserted', NULL, NULL, count(*) FROM inserted
        UNION ALL
        SELECT 'duplicate', existing, NULL, n FROM dup
        UNION ALL
        SELECT 'unread', p.user_id, p.conversation_id, COALESCE(r.last, c.last_seq) - COALESCE(m.unread_base, p.unread_base)
        FROM participants p JOIN conversations c ON c.id = p.conversation_id
        LEFT JOIN reserved r ON r.id = p.conversation_id
        LEFT JOIN moved m ON m.conversation_id = p.conversation_id AND m.user_id = p.user_id
        WHERE p.user_id \(anyOf: recipients.sorted()) AND COALESCE(r.last, c.last_seq) > COALESCE(m.unread_base, p.unread_base)
        """
    }
}
