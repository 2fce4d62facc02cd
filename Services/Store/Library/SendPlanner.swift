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

    /// New messages must match their conversation (``checkContent(_:attachments:encrypted:)``);
    /// the platform's SYSTEM messages stay text.
    static func checkEncryption(_ sends: [Send], decisions: inout [Decision], encrypted: Set<String>, system: String) {
        for index in sends.indices where decisions[index] == .create {
            let send = sends[index]
            do {
                try checkContent(
                    send.content, attachments: send.request.attachments ?? [],
                    encrypted: encrypted.contains(send.request.conversationId) && send.command.actor.id != system)
            } catch {
                decisions[index] = .reject(error)
            }
        }
    }

    /// In an end-to-end encrypted conversation: an envelope (``EncryptedEnvelope``) and no
    /// attachments (files are not encrypted); in any other, text of at most
    /// ``MessageValidator/maximumLength`` characters (an envelope-like text passed the first
    /// checks on its length only).
    static func checkContent(_ content: String, attachments: [Attachment], encrypted: Bool) throws(MessagingError) {
        if encrypted {
            guard attachments.isEmpty else {
                throw MessagingError(.validationFailed, "attachments are not end-to-end encrypted: not in an encrypted conversation")
            }
            try EncryptedEnvelope.validate(content)
        } else if content.utf8.count > MessageValidator.maximumLength, content.utf16.count > MessageValidator.maximumLength {
            // UTF-16 never counts more units than UTF-8 (whose count is at hand): on the send path
            // most texts stop at the first test, never counted twice.
            throw MessagingError(.validationFailed, "content is longer than \(MessageValidator.maximumLength) characters")
        }
    }
}
