import Foundation
public import Hummingbird
public import MessagingProtocol

/// Cross-site request forgery stops here: a request that changes something (any method but GET,
/// HEAD and OPTIONS) is refused `FORBIDDEN` when its `Origin` is a browser origin not in
/// ``OriginPolicy``, and `VALIDATION_FAILED` when it carries a body that is not
/// `application/json` (an HTML form can post only form encodings or `text/plain`, and a cross-origin
/// script cannot send JSON without a CORS preflight, which these services never grant).
///
/// Upload routes (`uploadPaths`, prefixes) take files, so any body type: there a request that
/// authenticates with the cookie (no `Authorization` header) must also name an allowed `Origin`,
/// which every browser sends with a POST, so a cross-site form cannot upload as the user.
public struct RequestForgeryGuard<Context: RequestContext>: RouterMiddleware {
    let origins: OriginPolicy
    let uploadPaths: [String]

    /// Guards with the allowed origins.
    public init(origins: OriginPolicy, uploadPaths: [String] = []) {
        self.origins = origins
        self.uploadPaths = uploadPaths
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if uploadPaths.contains(where: { request.uri.path.hasPrefix($0) }) {
            try origins.checkUpload(method: request.method, headers: request.headers)
        } else {
            try origins.checkWrite(method: request.method, headers: request.headers)
        }
        return try await next(request, context)
    }
}

extension OriginPolicy {
    /// ``RequestForgeryGuard``'s check, without the request.
    public func checkWrite(method: HTTPRequest.Method, headers: HTTPFields) throws(MessagingError) {
        guard try checkOrigin(method: method, headers: headers), Self.hasBody(headers) else { return }
        guard let type = headers[.contentType], Self.isJSON(type) else {
            throw MessagingError(.validationFailed, "Content-Type must be application/json")
        }
    }

    /// ``RequestForgeryGuard``'s check of an upload, without the request.
    public func checkUpload(method: HTTPRequest.Method, headers: HTTPFields) throws(MessagingError) {
        guard try checkOrigin(method: method, headers: headers) else { return }
        guard headers[.authorization] != nil || headers[.cookie] == nil || headers[.origin] != nil else {
            throw MessagingError(.forbidden, "an upload with the cookie must come from an allowed Origin")
        }
    }

    /// `false` for a method that changes nothing; else whether the `Origin` is allowed, or `FORBIDDEN`.
    private func checkOrigin(method: HTTPRequest.Method, headers: HTTPFields) throws(MessagingError) -> Bool {
        switch method {
        case .get, .head, .options: return false
        default: break
        }
        let origin = headers[.origin]
        guard allows(origin) else {
            throw MessagingError(.forbidden, "requests from origin \(origin ?? "") are not allowed")
        }
        return true
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
