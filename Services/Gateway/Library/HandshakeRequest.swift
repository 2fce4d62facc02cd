import HTTPTypes
import ServiceKit

/// What the Socket.IO layer needs of the request that opened a session: the credentials a browser
/// may carry besides the CONNECT payload, and the client's address for logs.
struct HandshakeRequest: Sendable {
    /// `Authorization: Bearer …`, if sent.
    var bearerToken: String?
    /// The `access_token` cookie, if sent.
    var cookieToken: String?
    /// The peer address, for logs.
    var remoteAddress: String?

    init(bearerToken: String? = nil, cookieToken: String? = nil, remoteAddress: String? = nil) {
        self.bearerToken = bearerToken
        self.cookieToken = cookieToken
        self.remoteAddress = remoteAddress
    }

    /// The credentials of a handshake request's headers.
    init(headers: HTTPFields, remoteAddress: String?) {
        self.init(
            bearerToken: RequestCredentials.bearerToken(in: headers),
            cookieToken: RequestCredentials.cookie(named: RequestCredentials.cookieName, in: headers),
            remoteAddress: remoteAddress)
    }
}
