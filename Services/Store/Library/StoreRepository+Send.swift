import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// How many messages a sender sent in a conversation: how far its `unread_base` moves there.
    typealias SentCount = (conversationID: String, userID: String, count: Int)

    /// What ``storeNew(_:recipients:now:)`` did.
    struct StoredGroup: Sendable {
        /// Each message's `seq`, in the order given; `nil` for a retry (its sender stored its
        /// `clientMessageId` before).
        var seqs: [Int?]
        /// The id of the message each retry stored before, by its position in the group.
        var retried: [Int: String] = [:]
        /// The unread counts per conversation of the recipients afterwards.
        var unread: [String: [String: Int]]
    }

    /// Stores a group of new messages, given in arrival order: reserves their `seq` per conversation
    /// (handed out in that order), inserts them, moves each sender's `unread_base` with what it sent
    /// (see ``UnreadEffects``). The rows written are the messages, their conversations and their
    /// senders', whatever the number of members.
    ///
    /// PostgreSQL: one statement (``NewMessagesStatement``, ``NewMessageStatement`` for a group of
    /// one), so one round trip whatever the group;
    /// it also finds the retried `clientMessageId`s, which it does not store again. SQLite (one
    /// writer at a time): a statement each; retries were looked up before.
    func storeNew(_ messages: [(message: MessagingMessage, requestID: String?)], recipients: Set<String>, now: Date) async throws -> StoredGroup {
        guard !messages.isEmpty else { return StoredGroup(seqs: [], unread: [:]) }
        guard executor.dialect == .postgres else {
            var counts = [String: Int]()
            for (message, _) in messages { counts[message.conversationId, default: 0] += 1 }
            var next = [String: Int]()
            for (conversation, count) in counts { next[conversation] = try await reserveSeq(conversationID: conversation, count: count, now: now) }
            var numbered = messages
            for index in numbered.indices {
                let conversation = numbered[index].message.conversationId
                numbered[index].message.seq = next[conversation]!
                next[conversation]! += 1
            }
            try await insert(numbered)
            let unread = try await advanceSenders(UnreadEffects.sent(by: messages.lazy.map(\.message)), countingFor: recipients)
            return StoredGroup(seqs: numbered.map(\.message.seq), unread: unread)
        }
        let rows = try await messages.count == 1
            ? executor.execute(NewMessageStatement(message: messages[0].message, requestID: messages[0].requestID, recipients: recipients, now: now))
            : executor.execute(NewMessagesStatement(messages: messages, recipients: recipients, now: now))
        var next = [String: Int]()
        var inserted = 0
        var group = StoredGroup(seqs: [], unread: [:])
        for row in rows {
            switch try row.string("kind") {
            case "seq": next[try row.string("key_id")] = try row.int("number") + 1
            case "inserted": inserted = try row.int("number")
            case "duplicate": group.retried[try row.int("number") - 1] = try row.string("key_id")
            default: group.unread[try row.string("key_id"), default: [:]][try row.string("conversation_id")] = try row.int("number")
            }
        }
        guard inserted + group.retried.count == messages.count else { throw DatabaseError.queryFailed("conversation vanished") }
        group.seqs.reserveCapacity(messages.count)
        for (index, (message, _)) in messages.enumerated() {
            guard group.retried[index] == nil, let seq = next[message.conversationId] else {
                group.seqs.append(nil)
                continue
            }
            group.seqs.append(seq)
            next[message.conversationId] = seq + 1
        }
        return group
    }
}
