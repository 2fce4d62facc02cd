import MessagingProtocol

/// The unread counts a published batch changed: for each user, the last count the batch gave them
/// (the store computes a recipient's counts after each commit, so the last is the newest), in the
/// order of those last counts. They go out in one message on ``RedisNames/unreadCounts``.
enum UnreadChanges {
    static func latest(in outbound: [Outbound]) -> [UserUnreadCount] {
        var latest = [String: (index: Int, count: UserUnreadCount)]()
        var index = 0
        func record(_ recipient: RecipientUnread, in conversationID: String) {
            let payload = UnreadCountUpdatedPayload(
                totalUnread: recipient.totalUnread, conversationId: conversationID, conversationUnread: recipient.conversationUnread)
            latest[recipient.userId] = (index, UserUnreadCount(userId: recipient.userId, payload: payload))
            index += 1
        }
        for item in outbound {
            switch item {
            case .messageCreated(let message, let recipients, _, _, _):
                for recipient in recipients { record(recipient, in: message.conversationId) }
            case .event(let envelope):
                switch envelope.event {
                case .messagesRead(let conversationID, _, _, _, let reader): record(reader, in: conversationID)
                case .messageDeleted(let conversationID, _, _, let recipients): for recipient in recipients { record(recipient, in: conversationID) }
                case .messageCreated(let message, let recipients): for recipient in recipients { record(recipient, in: message.conversationId) }
                case .userProfileUpdated: break
                }
            case .broadcast, .reply:
                break
            }
        }
        return latest.values.sorted { $0.index < $1.index }.map(\.count)
    }
}
