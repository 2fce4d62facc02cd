/// What a CONNECT answer announces for a socket: its id and, with connection state recovery, its
/// private session id (`pid`), which the client presents on its next CONNECT to be recovered.
package struct SocketIOIdentity: Sendable, Hashable {
    /// The socket id (`sid`); a recovered socket keeps its previous one.
    package var sid: String
    /// The private session id; `nil` without connection state recovery.
    package var pid: String?

    package init(sid: String, pid: String? = nil) {
        self.sid = sid
        self.pid = pid
    }
}
