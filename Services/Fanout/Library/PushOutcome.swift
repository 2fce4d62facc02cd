/// How a push to one browser ended, for `fanout_push_total{outcome}`.
enum PushOutcome: String, CaseIterable, Sendable {
    case delivered
    /// Tried again (429, 5xx, no answer).
    case retried
    /// Not delivered after the last attempt.
    case failed
    /// The browser dropped the subscription (404, 410): forgotten.
    case expired
    /// Refused for good (another 4xx, an endpoint not allowed, keys unusable).
    case refused
}
