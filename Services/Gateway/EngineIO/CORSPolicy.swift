import HTTPTypes

/// CORS for the configured origins, with credentials (the frontend uses `withCredentials: true`),
/// as the `cors` middleware that socket.io uses answers: the request's origin reflected when it is
/// allowed, `Vary: Origin`, and preflights answered with 204.
package struct CORSPolicy: Sendable {
    let origins: Set<String>
    let allowsAny: Bool

    package init(origins: [String]) {
        self.origins = Set(origins)
        self.allowsAny = origins.contains("*")
    }

    /// The headers for a response to a request with these headers.
    func headers(for request: HTTPFields) -> HTTPFields {
        var headers = HTTPFields()
        if let origin = request[.origin], allowsAny || origins.contains(origin) {
            headers[.accessControlAllowOrigin] = origin
        }
        headers[.vary] = "Origin"
        headers[.accessControlAllowCredentials] = "true"
        return headers
    }

    /// The headers of a preflight answer.
    func preflightHeaders(for request: HTTPFields) -> HTTPFields {
        var headers = self.headers(for: request)
        headers[.accessControlAllowMethods] = "GET,HEAD,PUT,PATCH,POST,DELETE"
        if let requested = request[.accessControlRequestHeaders] {
            headers[.accessControlAllowHeaders] = requested
            headers[.vary] = "Origin, Access-Control-Request-Headers"
        }
        headers[.contentLength] = "0"
        return headers
    }
}
