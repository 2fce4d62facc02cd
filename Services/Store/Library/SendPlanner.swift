import MessagingProtocol

/// The store's decisions for a group of `send-message` commands, without I/O: which are invalid,
/// which answer with a message already stored (a redelivered command, a retried `clientMessageId`),
/// which repeat a `clientMessageId` earlier in the same group, which the sender may not post (a
/// conversation they do not take part in is `NOT_FOUND`, exactly as one that does not exist), and
/// which create a message. ``CommandProcessor`` reads what the decisions need from the database
/// and carries them out.
enum SendPlanner {
    /// A send whose ids and content are valid.
    struct Send: Sendable {
        var command: CommandEnvelope
        var request: SendMessageRequest
        /// The content as stored (trimmed).
        var content: String

        /// The sender's `clientMessageId` key in its conversation, if it has one.
        var clientKey: String? {
            request.clientMessageId.map { SendPlanner.clientKey(sender: command.actor.id, conversation: request.conversationId, clientMessageID: $0) }
        }
    }

    /// What to do with one valid send.
    enum Decision: Sendable, Equatable {
        /// Refused.
        case reject(MessagingError)
        /// Its request id was committed before (maybe never published): publish again, then answer with it.
        case redelivered(MessagingMessage)
        /// Its sender stored this `clientMessageId` before: answer with that message.
        case retried(MessagingMessage)
        /// Repeats the `clientMessageId` of the send at this index of the group: answer with its message.
        case sameAs(Int)
        /// A new message.
        case create
    }

    /// The key of a sender's `clientMessageId` in a conversation (the lookup of stored ones uses the
    /// same): the same id in another conversation is another message, never a retry of this one.
    static func clientKey(sender: String, conversation: String, clientMessageID: String) -> String {
        sender + "\u{0}" + conversation + "\u{0}" + clientMessageID
    }

    /// Checks every send's ids and content: the valid ones, in order, and the refusals.
    static func validate(_ commands: [CommandEnvelope]) -> (valid: [Send], rejected: [(command: CommandEnvelope, error: MessagingError)]) {
        var valid = [Send]()
        var rejected = [(command: CommandEnvelope, error: MessagingError)]()
        valid.reserveCapacity(commands.count)
        for command in commands {
            guard case .sendMessage(let request) = command.command else { continue }
            do {
                let content = try MessageValidator.validate(request)
                valid.append(Send(command: command, request: request, content: content))
            } catch {
                rejected.append((command, error))
            }
        }
        return (valid, rejected)
    }

    /// One decision per send, in order.
    /// - Parameters:
    ///   - storedByRequest: messages already stored, by the request id that created them.
    ///   - storedByClientID: messages already stored, by ``clientKey(sender:conversation:clientMessageID:)``.
    ///   - members: the participants of the sends' conversations (a missing one does not exist).
    ///   - system: the id of the system sender, who may post anywhere.
    static func decide(
        _ sends: [Send], storedByRequest: [String: MessagingMessage], storedByClientID: [String: MessagingMessage],
        members: [String: Set<String>], system: String
    ) -> [Decision] {
        var firstWithKey = [String: Int]()
        return sends.indices.map { index in
            let send = sends[index]
            if let stored = storedByRequest[send.command.requestId] { return .redelivered(stored) }
            if let key = send.clientKey {
                if let stored = storedByClientID[key] { return .retried(stored) }
                if let first = firstWithKey[key] { return .sameAs(first) }
                firstWithKey[key] = index
            }
            let sender = send.command.actor.id
            guard sender == system || members[send.request.conversationId]?.contains(sender) == true else { return .reject(.conversationNotFound) }
            return .create
        }
    }
}
