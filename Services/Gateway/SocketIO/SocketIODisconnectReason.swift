/// Why a socket left its namespace, as far as connection state recovery cares (the official
/// server keeps the state of a socket whose transport failed or closed, not of one that left).
package enum SocketIODisconnectReason: Sendable, Hashable {
    /// The client sent DISCONNECT for the namespace: it left on purpose.
    case clientLeft
    /// The session ended (transport closed or failed, ping timeout, server shutting down).
    case sessionEnded(String)

    /// Whether the client may come back and be recovered.
    package var isRecoverable: Bool {
        if case .sessionEnded = self { true } else { false }
    }
}
