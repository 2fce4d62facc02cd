import MessagingProtocol

/// What one command produced.
enum CommandOutcome: Sendable {
    case message(MessagingMessage)
    case history(ConversationHistoryPayload)
    case read(MessageReadPayload)
    case conversationRead(ConversationReadResult)
    case unread(UnreadCountUpdatedPayload)
    case failure(MessagingError)

    /// The reply body (raw JSON) and header for the asking gateway.
    func reply(requestId: String) -> (CommandReplyHeader, String) {
        do {
            switch self {
            case .message(let message): return (CommandReplyHeader(requestId: requestId), message.encodedJSON)
            case .history(let history): return (CommandReplyHeader(requestId: requestId), try MessagingJSON.encodeString(history))
            case .read(let read): return (CommandReplyHeader(requestId: requestId), try MessagingJSON.encodeString(read))
            case .conversationRead(let result): return (CommandReplyHeader(requestId: requestId), try MessagingJSON.encodeString(result))
            case .unread(let count): return (CommandReplyHeader(requestId: requestId), try MessagingJSON.encodeString(count))
            case .failure(let error): return (CommandReplyHeader(requestId: requestId, error: error), "null")
            }
        } catch {
            return (CommandReplyHeader(requestId: requestId, error: MessagingError(.internal)), "null")
        }
    }
}
