public import Hummingbird
public import Logging
import MessagingProtocol

/// Every error a route throws leaves as the contract's `{ "error": { "code", "message" } }`: a
/// ``MessagingError`` (or any `HTTPResponseError`) as it is; one the service calls transient (the
/// database busy, restarting or unreachable) as `UNAVAILABLE` (503, retryable); anything else as
/// `INTERNAL` (500), logged with what it was.
public struct ContractErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let isTransient: @Sendable (any Error) -> Bool

    /// - Parameter isTransient: whether an error is worth the client's retry.
    public init(logger: Logger, isTransient: @escaping @Sendable (any Error) -> Bool) {
        self.logger = logger
        self.isTransient = isTransient
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            if isTransient(error) {
                logger.warning("request failed for a moment", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                throw MessagingError(.unavailable, "try again in a moment")
            }
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw MessagingError(.internal)
        }
    }
}
