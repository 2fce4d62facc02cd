/// One Engine.IO v4 packet (`engine.io-parser`'s `Packet`).
///
/// Over WebSocket a text packet is one text frame (`<type digit><data>`) and a binary message is one
/// binary frame of raw bytes; over long-polling packets are joined by `\u{1e}` and binary messages are
/// written as `b<base64>` (see ``EngineIOPayloadCodec``).
public enum EngineIOPacket: Sendable, Hashable {
    /// `0{json}`: the handshake (server → client).
    case open(String)
    /// `1`: closes the session.
    case close
    /// `2` or `2probe`: the server's heartbeat, or the client's upgrade probe.
    case ping(String)
    /// `3` or `3probe`: the answer to a ping.
    case pong(String)
    /// `4<text>`: a text message (carries a Socket.IO packet).
    case message(String)
    /// A binary message (a Socket.IO attachment).
    case binary([UInt8])
    /// `5`: the client completes the upgrade to WebSocket.
    case upgrade
    /// `6`: nothing (releases a pending poll during an upgrade).
    case noop

    /// The packet's type digit.
    public var typeCode: UInt8 {
        switch self {
        case .open: 0
        case .close: 1
        case .ping: 2
        case .pong: 3
        case .message, .binary: 4
        case .upgrade: 5
        case .noop: 6
        }
    }
}
