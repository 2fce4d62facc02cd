/// The steps of opening a benchmark socket, timed one by one.
enum ConnectPhase: Int, CaseIterable {
    /// TCP connect, WebSocket upgrade, until Engine.IO's open packet.
    case open
    /// The namespace CONNECT (token verified, user subscribed) until its answer.
    case connect
    /// `join-conversation` until its ack (the room subscribed, the history from the store).
    case join

    var name: String {
        switch self {
        case .open: "open"
        case .connect: "connect_ack"
        case .join: "join_ack"
        }
    }
}
