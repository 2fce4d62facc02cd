/// Why a CONNECT is refused: the CONNECT_ERROR packet's data, raw JSON (an object with `message`,
/// and `data` as socket.io's `next(err)` sends them).
package struct SocketIOConnectRefusal: Error, Sendable {
    /// The raw JSON sent to the client.
    package var json: String

    package init(json: String) {
        self.json = json
    }
}
