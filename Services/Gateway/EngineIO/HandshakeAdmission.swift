/// Who may open a session: the layer above decides, per client address, whether a handshake is
/// let in (a connection cap, a handshake rate), so no one address can take the instance's sessions.
package protocol HandshakeAdmission: Sendable {
    /// The client's address to count by: the peer's, or the client a trusted proxy names.
    func address(of handshake: HandshakeRequest) -> String

    /// Whether a new session from `address`, which holds `openSessions` now, may open; the refusal's
    /// reason otherwise (sent to the client).
    func admit(address: String, openSessions: Int) -> String?
}

/// Lets everyone in (tests, embedded uses).
package struct OpenAdmission: HandshakeAdmission {
    package init() {}

    package func address(of handshake: HandshakeRequest) -> String { handshake.remoteIP ?? "unknown" }

    package func admit(address: String, openSessions: Int) -> String? { nil }
}
