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
        let rows = try await executor.execute(
            NewMessagesStatement(messages: messages, conversations: conversations.map { ($0, counts[$0]!) }, sent: sent, recipients: recipients, now: now))
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
