import Foundation
import MessagingDatabase
import MessagingProtocol

extension StoreRepository {
    /// The most different emoji one message may carry.
    static let maximumEmojiPerMessage = 20

    /// Adds a user's reaction (once per user and emoji); `true` if it was new, which is a change of the conversation.
    func addReaction(messageID: String, conversationID: String, userID: String, emoji: String, at now: Date) async throws -> Bool {
        let rows = try await executor.query(
            """
            INSERT INTO reactions (message_id, user_id, emoji, created_at)
            VALUES (\(bind: messageID), \(bind: userID), \(bind: emoji), \(bind: now.milliseconds))
            ON CONFLICT DO NOTHING RETURNING message_id
            """)
        guard !rows.isEmpty else { return false }
        try await markChanged(messageID: messageID, conversationID: conversationID)
        return true
    }

    /// Removes a user's reaction; `true` if there was one, which is a change of the conversation.
    func removeReaction(messageID: String, conversationID: String, userID: String, emoji: String) async throws -> Bool {
        let rows = try await executor.query(
            """
            DELETE FROM reactions WHERE message_id = \(bind: messageID) AND user_id = \(bind: userID) AND emoji = \(bind: emoji)
            RETURNING message_id
            """)
        guard !rows.isEmpty else { return false }
        try await markChanged(messageID: messageID, conversationID: conversationID)
        return true
    }

    /// How many different emoji a message carries, and whether it carries this one.
    func emojiKinds(of messageID: String, including emoji: String) async throws -> (kinds: Int, has: Bool) {
        let rows = try await executor.query("SELECT DISTINCT emoji FROM reactions WHERE message_id = \(bind: messageID)")
        let kinds = try rows.map { try $0.string("emoji") }
        return (kinds.count, kinds.contains(emoji))
    }

    /// The reactions of these messages, by message: per emoji in the order it first came, its users
    /// in the order they reacted.
    func reactions(of messageIDs: [String]) async throws -> [String: [Reaction]] {
        guard !messageIDs.isEmpty else { return [:] }
        let rows = try await executor.query(
            "SELECT message_id, emoji, user_id FROM reactions WHERE message_id \(anyOf: messageIDs) ORDER BY created_at, user_id, emoji")
        var ordered = [String: [(emoji: String, users: [String])]]()
        for row in rows {
            let message = try row.string("message_id"), emoji = try row.string("emoji"), user = try row.string("user_id")
            if let index = ordered[message]?.firstIndex(where: { $0.emoji == emoji }) {
                ordered[message]![index].users.append(user)
            } else {
                ordered[message, default: []].append((emoji, [user]))
            }
        }
        return ordered.mapValues { $0.map { Reaction(emoji: $0.emoji, userIds: $0.users) } }
    }

    /// The messages with their reactions.
    func withReactions(_ messages: [MessagingMessage]) async throws -> [MessagingMessage] {
        Self.applying(try await reactions(of: messages.map(\.id)), to: messages)
    }

    /// The messages with the reactions read for them (by message id).
    static func applying(_ reactions: [String: [Reaction]], to messages: [MessagingMessage]) -> [MessagingMessage] {
        guard !reactions.isEmpty else { return messages }
        return messages.map { message in
            var message = message
            message.reactions = reactions[message.id] ?? []
            return message
        }
    }

    /// A tombstone keeps no reactions.
    func removeReactions(of messageID: String) async throws {
        try await executor.query("DELETE FROM reactions WHERE message_id = \(bind: messageID)")
    }

    private func markChanged(messageID: String, conversationID: String) async throws {
        let version = try await nextChange(of: conversationID)
        try await executor.query("UPDATE messages SET change_version = \(bind: version) WHERE id = \(bind: messageID)")
    }
}
