/// A change to this instance's room and user subscriptions, in the order the ``Hub`` made it.
enum SubscriptionChange: Sendable {
    /// Subscribe; `confirmed` resumes once the subscription is live.
    case subscribe(String, confirmed: CheckedContinuation<Void, Never>?)
    case unsubscribe(String)
    /// Resumes once every change queued before it is applied.
    case barrier(CheckedContinuation<Void, Never>)
}
