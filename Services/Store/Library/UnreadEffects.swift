import MessagingProtocol

/// What a group of new messages does to unread counts. A member's count in a conversation is its
/// last `seq` past the member's `unread_base`: every message raises every member's count, so a
/// sender's base moves with what it sent (its own count stays) and nobody else's row is written.
/// A `SYSTEM` message counts for every member (its sender takes part in nothing).
enum UnreadEffects {
    /// How far each sender's base moves: one entry per conversation and sender, in that order.
    static func sent(by messages: some Sequence<MessagingMessage>) -> [StoreRepository.SentCount] {
        var sent = [String: [String: Int]]()  // conversation → sender → messages
        for message in messages { sent[message.conversationId, default: [:]][message.senderId, default: 0] += 1 }
        var result = [StoreRepository.SentCount]()
        for conversation in sent.keys.sorted() {
            for (sender, count) in sent[conversation]!.sorted(by: { $0.key < $1.key }) { result.append((conversation, sender, count)) }
        }
        return result
    }

    /// The members whose count the group raises: in each conversation, every member but those who
    /// sent every one of its messages there.
    static func raised(by messages: some Sequence<MessagingMessage>, members: [String: Set<String>]) -> Set<String> {
        var total = [String: Int]()
        var sent = [String: [String: Int]]()
        for message in messages {
            total[message.conversationId, default: 0] += 1
            sent[message.conversationId, default: [:]][message.senderId, default: 0] += 1
        }
        var raised = Set<String>()
        for (conversation, count) in total {
            for user in members[conversation] ?? [] where count > (sent[conversation]?[user] ?? 0) { raised.insert(user) }
        }
        return raised
    }
}
