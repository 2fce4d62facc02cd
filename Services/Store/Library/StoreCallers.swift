import Hummingbird
import Metrics
import MessagingProtocol
import ServiceKit
import TokenVerification

/// Who calls the store's HTTP routes: the user a token names (checked by the verifier), whose
/// writes are limited per user on this instance (`HTTP_WRITE_RATE`).
struct StoreCallers: Sendable {
    let verifier: TokenVerifier
    /// Writes per user on this instance.
    let writes: RateLimiterTable<String>

    /// The user of the request's token, else `UNAUTHORIZED`.
    func requireUser(_ request: Request) async throws -> UserSummary {
        guard let token = RequestCredentials.token(in: request.headers) else { throw MessagingError(.unauthorized, "no credentials") }
        return try await verifier.verify(token).user
    }

    /// A user's write within `HTTP_WRITE_RATE`, else `RATE_LIMITED` (the platform's service key is not limited here).
    func admitWrite(by user: UserSummary) throws(MessagingError) {
        guard let wait = writes.take(user.id) else { return }
        Counter(label: "store_http_writes_refused_total").increment()
        throw MessagingError(.rateLimited, "too many writes: try again in \(wait.retrySeconds) s")
    }
}
