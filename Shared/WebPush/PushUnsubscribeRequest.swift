/// `DELETE /api/push/subscriptions` body: `{ endpoint }`.
public struct PushUnsubscribeRequest: Codable, Sendable, Hashable {
    /// The push service URL of the subscription to forget.
    public var endpoint: String

    /// Creates the body.
    public init(endpoint: String) { self.endpoint = endpoint }
}
