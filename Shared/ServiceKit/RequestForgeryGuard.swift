import Foundation
public import Hummingbird
public import MessagingProtocol

/// Cross-site request forgery stops here: a request that changes something (any method but GET,
/// HEAD and OPTIONS) is refused `FORBIDDEN` when its `Origin` is a browser origin not in
/// ``OriginPolicy``, and `VALIDATION_FAILED` when it carries a body that is not
/// `application/json` (an HTML form can post only form encodings or `text/plain`, and a cross-origin
/// script cannot send JSON without a CORS preflight, which these services never grant).
public struct RequestForgeryGuard<Context: RequestContext>: RouterMiddleware {
    let origins: OriginPolicy

    /// Guards with the allowed origins.
    public init(origins: OriginPolicy) { self.origins = origins }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try origins.checkWrite(method: request.method, headers: request.headers)
        return try await next(request, context)
    }
}

extension OriginPolicy {
    /// ``RequestForgeryGuard``'s check, without the request.
    public func checkWrite(method: HTTPRequest.Method, headers: HTTPFields) throws(MessagingError) {
        switch method {
        case .get, .head, .options: return
        default: break
        }
        let origin = headers[.origin]
        guard allows(origin) else {
            throw MessagingError(.forbidden, "requests from origin \(origin ?? "") are not allowed")
        }
        guard Self.hasBody(headers) else { return }
        guard let type = headers[.contentType], Self.isJSON(type) else {
            throw MessagingError(.validationFailed, "Content-Type must be application/json")
        }
    }

    /// Whether the headers announce a body.
    static func hasBody(_ headers: HTTPFields) -> Bool {
        if headers[.transferEncoding] != nil { return true }
        if let length = headers[.contentLength], let bytes = Int(length) { return bytes > 0 }
        return false
    }

    /// `application/json`, with any parameters (`; charset=utf-8`).
    static func isJSON(_ contentType: String) -> Bool {
        let media = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return media.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }
}
