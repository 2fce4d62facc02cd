package import EngineIO

/// The application above Socket.IO, for one namespace: it authenticates a CONNECT, takes the
/// events of its sockets (and answers their acks), and is told when a socket goes. It never sees
/// packets or sessions; the Socket.IO layer never sees its domain types.
///
/// Calls for one session come one at a time, in the order its client sent them.
package protocol SocketIOApplication: Sendable {
    /// What the application keeps for one connected socket.
    associatedtype Socket: Sendable

    /// The namespace served (a CONNECT to any other is refused with "Invalid namespace").
    var namespace: String { get }

    /// A CONNECT to the namespace: the application's socket, or the refusal sent as CONNECT_ERROR.
    /// - Parameters:
    ///   - socket: the Socket.IO socket that will carry it.
    ///   - handshake: the request that opened the session (headers, peer).
    ///   - auth: the CONNECT payload's raw JSON, if any.
    func connect(_ socket: SocketIOSocket, handshake: HandshakeRequest, auth: String?) async -> Result<Socket, SocketIOConnectRefusal>

    /// What the CONNECT answer announces for the socket (its id, and its `pid` with connection
    /// state recovery).
    func identity(of socket: Socket) -> SocketIOIdentity

    /// The CONNECT answer went out; runs beside the session's next packets.
    func connected(_ socket: Socket) async

    /// An event of a connected socket; `ack` is `nil` when the client asked for no answer.
    func event(_ event: SocketIOEvent, from socket: Socket, ack: SocketIOAck?) async

    /// The socket left the namespace, or its session ended.
    func disconnected(_ socket: Socket, reason: SocketIODisconnectReason) async
}
