import MessagingProtocol

/// What handling an event leaves to do: reply now, or when the store answers the command it was
/// given (`map` turns the store's answer into the reply).
enum EventOutcome: Sendable {
    case reply(EventReply)
    case whenStoreAnswers(Result<String, MessagingError>, @Sendable (StoreClient.Answer) -> EventReply)
}
