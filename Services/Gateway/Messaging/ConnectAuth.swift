/// The CONNECT payload the frontend sends: `{ "token": "<jwt>" }` (`auth` of `socket.io-client`).
struct ConnectAuth: Decodable, Sendable {
    /// The raw JWT.
    var token: String?
}
