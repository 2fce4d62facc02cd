public import MessagingProtocol

/// Turns a batch of domain events (in stream order) into one unread update per user: the last
/// one, which carries the final counts (the store computes them after each commit).
public enum UnreadCoalescer {
    /// The updates, one per user, in the order their last event came.
    public static func updates(_ events: [(entryId: String, event: DomainEvent)]) -> [UnreadUpdate] {
        var latest = [String: (index: Int, update: UnreadUpdate)]()
        var index = 0
        for (entryId, event) in events {
            for recipient in recipients(of: event) {
                let payload = UnreadCountUpdatedPayload(
                    totalUnread: recipient.unread.totalUnread, conversationId: recipient.conversationId,
                    conversationUnread: recipient.unread.conversationUnread)
                latest[recipient.unread.userId] = (index, UnreadUpdate(userId: recipient.unread.userId, version: entryId, payload: payload))
                index += 1
            }
        }
        return latest.values.sorted { $0.index < $1.index }.map(\.update)
    }

    private static func recipients(of event: DomainEvent) -> [(unread: RecipientUnread, conversationId: String)] {
        switch event {
        case .messageCreated(let message, let recipients): recipients.map { ($0, message.conversationId) }
        case .messagesRead(let conversationId, _, _, _, let reader): [(reader, conversationId)]
        case .messageDeleted(let conversationId, _, _, let recipients): recipients.map { ($0, conversationId) }
        case .userProfileUpdated: []
        }
    }
}
