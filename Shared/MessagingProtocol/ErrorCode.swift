/// The stable error codes of the product contract (`SPEC.md` §4).
///
/// Every error a client sees — in a Socket.IO ack, an `error` event, a CONNECT_ERROR or an HTTP body —
/// carries one of these codes. The mapping to HTTP statuses lives here, in one place.
public enum ErrorCode: String, Codable, Sendable, CaseIterable, Hashable {
    /// Missing, malformed, expired, wrongly signed or revoked credentials.
    case unauthorized = "UNAUTHORIZED"
    /// The token a socket was opened with expired: it is closed, and reconnects with a fresh token.
    case tokenExpired = "TOKEN_EXPIRED"
    /// Authenticated, but not allowed to do this (e.g. not a participant).
    case forbidden = "FORBIDDEN"
    /// The resource does not exist (or the caller may not learn that it exists).
    case notFound = "NOT_FOUND"
    /// The input is not acceptable: a missing field, an empty message, a bad value.
    case validationFailed = "VALIDATION_FAILED"
    /// The input is larger than the configured limit.
    case payloadTooLarge = "PAYLOAD_TOO_LARGE"
    /// Too many attempts; try again later.
    case rateLimited = "RATE_LIMITED"
    /// A dependency (Redis, the database, another service) is down or did not answer in time.
    case unavailable = "UNAVAILABLE"
    /// Anything unexpected. Never carries internal details.
    case `internal` = "INTERNAL"

    /// Whether a client may retry the same request unchanged and expect a different outcome.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .unavailable, .internal: true
        case .unauthorized, .tokenExpired, .forbidden, .notFound, .validationFailed, .payloadTooLarge: false
        }
    }

    /// The HTTP status that carries this code.
    public var httpStatus: Int {
        switch self {
        case .unauthorized, .tokenExpired: 401
        case .forbidden: 403
        case .notFound: 404
        case .validationFailed: 400
        case .payloadTooLarge: 413
        case .rateLimited: 429
        case .unavailable: 503
        case .internal: 500
        }
    }

    /// A generic human-readable message, used when no more specific one is given.
    public var defaultMessage: String {
        switch self {
        case .unauthorized: "unauthorized"
        case .tokenExpired: "token expired"
        case .forbidden: "forbidden"
        case .notFound: "not found"
        case .validationFailed: "validation failed"
        case .payloadTooLarge: "payload too large"
        case .rateLimited: "too many requests, try again later"
        case .unavailable: "service temporarily unavailable, try again"
        case .internal: "internal error"
        }
    }
}
