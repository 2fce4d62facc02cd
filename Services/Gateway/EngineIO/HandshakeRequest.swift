package import HTTPTypes

/// The request that opened a session, as the layers above see it: its headers as sent (the
/// application reads its credentials from them) and the peer's address, for logs.
package struct HandshakeRequest: Sendable {
    /// The handshake request's headers.
    package var headers: HTTPFields
    /// The peer address, for logs.
    package var remoteAddress: String?
    /// The peer's IP address (no port), for limits per client.
    package var remoteIP: String?

    package init(headers: HTTPFields = HTTPFields(), remoteAddress: String? = nil, remoteIP: String? = nil) {
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.remoteIP = remoteIP
    }

    /// The same with only the headers named (all of them with `nil`).
    package func keeping(_ names: [HTTPField.Name]?) -> HandshakeRequest {
        guard let names else { return self }
        var kept = HTTPFields()
        for field in headers where names.contains(field.name) { kept.append(field) }
        return HandshakeRequest(headers: kept, remoteAddress: remoteAddress, remoteIP: remoteIP)
    }
}
