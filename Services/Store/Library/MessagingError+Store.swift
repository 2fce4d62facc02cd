import MessagingProtocol

extension MessagingError {
    /// A conversation that does not exist, or that the caller does not take part in: the same
    /// answer for both, so a non-participant learns nothing.
    static let conversationNotFound = MessagingError(.notFound, "conversation not found")
}
