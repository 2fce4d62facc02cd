import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// How many messages a sender sent in a conversation: how far its `unread_base` moves there.
    typealias SentCount = (conversationID: String, userID: String, count: Int)

    /// Stores a group of new messages, given in arrival order: reserves their `seq` per conversation
    /// (handed out in that order), inserts them, moves each sender's `unread_base` with what it sent
    /// (see ``UnreadEffects``); returns each message's `seq` (in the order given) and the unread
    /// counts per conversation of `recipients` afterwards. The rows written are the messages, their
    /// conversations and their senders', whatever the number of members.
    ///
    /// PostgreSQL: one statement, so one round trip whatever the group; the reservation locks the
    /// conversation rows in id order (two stores never wait on each other in a cycle) before the
    /// insert and the bases touch them. SQLite (one writer at a time): a statement each.
    func storeNew(
        _ messages: [(message: MessagingMessage, requestID: String?)], recipients: Set<String>, now: Date
    ) async throws -> (seqs: [Int], unread: [String: [String: Int]]) {
        guard !messages.isEmpty else { return ([], [:]) }
        var counts = [String: Int]()
        for (message, _) in messages { counts[message.conversationId, default: 0] += 1 }
        let sent = UnreadEffects.sent(by: messages.lazy.map(\.message))
        guard executor.dialect == .postgres else {
            var next = [String: Int]()
            for (conversation, count) in counts { next[conversation] = try await reserveSeq(conversationID: conversation, count: count, now: now) }
            var numbered = messages
            for index in numbered.indices {
                let conversation = numbered[index].message.conversationId
                numbered[index].message.seq = next[conversation]!
                next[conversation]! += 1
            }
            try await insert(numbered)
            return (numbered.map(\.message.seq), try await advanceSenders(sent, countingFor: recipients))
        }
        // Conversations are found by id (`= ANY`: index lookups, never a scan of the table).
        // Identifiers are never empty (MessageValidator), so '' stands for NULL in the arrays. The
        // result has a row per conversation (its id, and its last seq before this group: the k-th
        // message of the group there, in the order given, gets base + k), one row without an id
        // (how many messages were inserted), and the recipients' unread counts (user,
        // conversation, count). In the group's conversations these use the last `seq` and the bases
        // as this statement left them — after the conversation's lock, so a send committed meanwhile
        // by another store (or the HTTP API) is counted; elsewhere, as the statement's snapshot saw them.
        let conversations = counts.keys.sorted()
        let rows = try await executor.query(
            """
            WITH v AS (
                SELECT * FROM unnest(
                    \(bind: SQLValue.textArray(messages.map(\.message.id)))::text[],
                    \(bind: SQLValue.textArray(messages.map(\.message.conversationId)))::text[],
                    \(bind: SQLValue.textArray(messages.map(\.message.senderId)))::text[],
                    \(bind: SQLValue.textArray(messages.map(\.message.type.rawValue)))::text[],
                    \(bind: SQLValue.textArray(messages.map(\.message.content)))::text[],
                    \(bind: SQLValue.textArray(messages.map { Self.attachmentsJSON($0.message) }))::text[],
                    \(bind: SQLValue.textArray(messages.map { $0.message.clientMessageId ?? "" }))::text[],
                    \(bind: SQLValue.textArray(messages.map { $0.requestID ?? "" }))::text[],
                    \(bind: SQLValue.intArray(messages.map(\.message.createdAt.milliseconds)))::bigint[]
                ) WITH ORDINALITY AS u (id, c, snd, ty, co, a, cid, r, t, n)
            ),
            counts AS (SELECT * FROM unnest(\(bind: SQLValue.textArray(conversations))::text[], \(bind: SQLValue.intArray(conversations.map { counts[$0]! }))::bigint[]) AS x (c, k)),
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
            """)
        var next = [String: Int](minimumCapacity: conversations.count)
        var inserted = 0
        var unread = [String: [String: Int]]()
        for row in rows {
            guard let key = row.optionalString("key_id") else {
                inserted = try row.int("number")
                continue
            }
            if let conversation = row.optionalString("conversation_id") {
                unread[key, default: [:]][conversation] = try row.int("number")
            } else {
                next[key] = try row.int("number") + 1
            }
        }
        guard inserted == messages.count, next.count == conversations.count else { throw DatabaseError.queryFailed("conversation vanished") }
        var seqs = [Int]()
        seqs.reserveCapacity(messages.count)
        for (message, _) in messages {
            seqs.append(next[message.conversationId]!)
            next[message.conversationId]! += 1
        }
        return (seqs, unread)
    }
}
