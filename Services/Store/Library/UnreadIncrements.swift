import MessagingProtocol

/// The unread counters a group of new messages raises: each member of a conversation gets one for
/// every message there that someone else sent (a `SYSTEM` message counts for every member).
enum UnreadIncrements {
    /// The counters to raise, in conversation then user order; none for a member whom the group
    /// raises nothing.
    static func raised(by messages: some Sequence<MessagingMessage>, members: [String: Set<String>]) -> [StoreRepository.UnreadIncrement] {
        var total = [String: Int]()
        var sent = [String: [String: Int]]()  // conversation → sender → messages
        for message in messages {
            total[message.conversationId, default: 0] += 1
            sent[message.conversationId, default: [:]][message.senderId, default: 0] += 1
        }
        var increments = [StoreRepository.UnreadIncrement]()
        for conversation in total.keys.sorted() {
            let count = total[conversation]!
            let senders = sent[conversation] ?? [:]
            for user in (members[conversation] ?? []).sorted() {
                let raised = count - (senders[user] ?? 0)
                if raised > 0 { increments.append((conversation, user, raised)) }
            }
        }
        return increments
    }
}
