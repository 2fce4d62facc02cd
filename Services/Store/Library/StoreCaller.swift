import MessagingProtocol
import ServiceKit

/// Who calls the HTTP API: a user with a verified token, or the platform's backend with a service key.
enum StoreCaller: Sendable {
    case user(UserSummary)
    case service
}
