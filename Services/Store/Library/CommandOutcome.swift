import JSONCoding
import MessagingProtocol

/// What one command produced.
enum CommandOutcome: Sendable {
    case message(MessagingMessage)
    case history(ConversationHistoryPayload)
    case read(MessageReadPayload)
    case deleted(MessageDeletedPayload)
    case reactions(ReactionsUpdatedPayload)
    case conversationRead(ConversationReadResult)
    case unread(UnreadCountUpdatedPayload)
    case failure(MessagingError)

    /// The reply body (raw JSON) and header for the asking gateway.
    func reply(requestId: String) -> (CommandReplyHeader, String) {
        switch self {
        case .message(let message): (CommandReplyHeader(requestId: requestId), message.encodedJSON)
        case .history(let history): (CommandReplyHeader(requestId: requestId), history.jsonString)
        case .read(let read): (CommandReplyHeader(requestId: requestId), read.jsonString)
        case .deleted(let deleted): (CommandReplyHeader(requestId: requestId), deleted.jsonString)
        case .reactions(let reactions): (CommandReplyHeader(requestId: requestId), reactions.jsonString)
        case .conversationRead(let result): (CommandReplyHeader(requestId: requestId), result.jsonString)
        case .unread(let count): (CommandReplyHeader(requestId: requestId), count.jsonString)
        case .failure(let error): (CommandReplyHeader(requestId: requestId, error: error), "null")
        }
    }
}
