import HTTPTypes

/// What the Socket.IO layer needs of the request that opened a session: the credentials a browser
/// may carry besides the CONNECT payload, and the client's address for logs.
struct HandshakeRequest: Sendable {
    /// `Authorization: Bearer …`, if sent.
    var bearerToken: String?
    /// The `access_token` cookie, if sent.
    var cookieToken: String?
    /// The peer address, for logs.
    var remoteAddress: String?
}
