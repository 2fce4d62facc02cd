import Foundation
public import MessagingDatabase

/// An operator's check of one conversation (`messaging-admin conversation check`): its messages
/// are numbered 1…`last_seq` without a gap or a repeat, its change counter is ahead of every
/// change, and each participant's unread count stays within what the others sent (in a
/// conversation of two, it equals the other's messages not marked read).
public struct ConversationIntegrityCheck: Sendable {
    /// What was found.
    public struct Report: Sendable, Hashable {
        public var conversationId: String
        public var lastSeq: Int
        public var messages: Int
        /// Each participant's unread count.
        public var unread: [String: Int]
        /// Every inconsistency, in words; empty when the conversation is sound.
        public var problems: [String]
    }

    let database: any Database

    /// A check on `database` (the store's).
    public init(database: any Database) { self.database = database }

    /// The report; `nil` when there is no such conversation.
    public func check(_ conversationID: String) async throws -> Report? {
        guard let conversation = try await database.query(
            "SELECT last_seq, change_count FROM conversations WHERE id = \(bind: conversationID)").first
        else { return nil }
        let lastSeq = try conversation.int("last_seq"), changeCount = try conversation.int("change_count")
        let seqs = try await database.query("SELECT seq FROM messages WHERE conversation_id = \(bind: conversationID) ORDER BY seq").map { try $0.int("seq") }
        var problems = Self.sequenceProblems(seqs, lastSeq: lastSeq)
        if let newest = try await database.query(
            "SELECT MAX(change_version) AS newest FROM messages WHERE conversation_id = \(bind: conversationID)").first?.optionalInt("newest"),
            newest > changeCount
        {
            problems.append("a message carries change \(newest) but the conversation counts \(changeCount) changes")
        }
        let members = try await database.query(
            "SELECT user_id, unread_base FROM participants WHERE conversation_id = \(bind: conversationID) ORDER BY user_id")
        var unread = [String: Int]()
        for row in members {
            let user = try row.string("user_id")
            let count = lastSeq - (try row.int("unread_base"))
            unread[user] = count
            let fromOthers = try await database.query(
                """
                SELECT COUNT(*) AS sent, SUM(CASE WHEN read_at IS NULL AND deleted_at IS NULL THEN 1 ELSE 0 END) AS unread
                FROM messages WHERE conversation_id = \(bind: conversationID) AND sender_id <> \(bind: user)
                """
            ).first
            let sent = fromOthers?.optionalInt("sent") ?? 0, notRead = fromOthers?.optionalInt("unread") ?? 0
            if count < 0 || count > sent {
                problems.append("\(user)'s unread count \(count) is outside 0…\(sent) (the messages the others sent)")
            } else if members.count == 2 && count != notRead {
                problems.append("\(user)'s unread count \(count) differs from the \(notRead) messages not marked read")
            }
        }
        return Report(conversationId: conversationID, lastSeq: lastSeq, messages: seqs.count, unread: unread, problems: problems)
    }

    /// Gaps, repeats and numbers past `last_seq` in a conversation's message numbers (sorted).
    static func sequenceProblems(_ seqs: [Int], lastSeq: Int) -> [String] {
        var problems = [String]()
        var expected = 1
        var missing = [Int]()
        for seq in seqs {
            if seq < expected {
                problems.append("seq \(seq) is used twice")
                continue
            }
            if seq > expected { missing.append(contentsOf: expected..<min(seq, expected + 20)) }
            expected = seq + 1
        }
        if expected <= lastSeq { missing.append(contentsOf: expected..<min(lastSeq + 1, expected + 20)) }
        if !missing.isEmpty { problems.append("missing seq \(missing.prefix(20).map(String.init).joined(separator: ", "))") }
        if let last = seqs.last, last > lastSeq { problems.append("seq \(last) is past the conversation's last_seq \(lastSeq)") }
        return problems
    }
}
