public import HTTPTypes
import JSONCoding

/// Engine.IO server settings, sent to clients in the handshake.
public struct EngineConfiguration: Sendable, Hashable {
    /// How often the server pings (default 25 s).
    public var pingInterval: Duration
    /// How long a pong may take (default 20 s).
    public var pingTimeout: Duration
    /// Largest packet or polling body in bytes (default 1 000 000).
    public var maxPayload: Int
    /// How long a session may stay without a Socket.IO namespace (default 45 s).
    public var connectTimeout: Duration
    /// Bytes a WebSocket client may leave unread before it counts as a slow consumer and is closed
    /// (default 4 MiB; it reconnects and catches up from the history).
    public var maxUnreadBytes: Int
    /// Packets a client may have sent and not yet handled before its session is closed (default 1 000).
    public var maxInboundPackets: Int
    /// Packets a polling client may leave unread before it is closed as a slow consumer (default 10 000).
    public var maxQueuedPackets: Int
    /// How long a connection may take to send its first request's headers, and stay without a
    /// request (default 30 s).
    public var requestTimeout: Duration
    /// The handshake headers a session keeps for the layers above (`nil`: all). A browser's
    /// handshake carries a kilobyte or more of headers; a gateway keeps only what it reads later
    /// (credentials, origin), not that kilobyte per socket.
    public var retainedHandshakeHeaders: [HTTPField.Name]? = nil

    /// Creates settings.
    public init(
        pingInterval: Duration = .seconds(25), pingTimeout: Duration = .seconds(20), maxPayload: Int = 1_000_000,
        connectTimeout: Duration = .seconds(45), maxUnreadBytes: Int = 4 << 20, maxInboundPackets: Int = 1000, maxQueuedPackets: Int = 10_000,
        requestTimeout: Duration = .seconds(30)
    ) {
        self.maxInboundPackets = maxInboundPackets
        self.maxQueuedPackets = maxQueuedPackets
        self.requestTimeout = requestTimeout
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.maxPayload = maxPayload
        self.connectTimeout = connectTimeout
        self.maxUnreadBytes = maxUnreadBytes
    }

    /// The handshake's JSON (the `open` packet's data).
    func handshake(sid: String, upgrades: [String]) -> String {
        var json = JSONWriter(capacity: 128)
        json.object { open in
            open.key("sid"); open.value(sid)
            open.key("upgrades"); upgrades.write(to: &open)
            open.key("pingInterval"); open.value(Int(pingInterval.milliseconds))
            open.key("pingTimeout"); open.value(Int(pingTimeout.milliseconds))
            open.key("maxPayload"); open.value(maxPayload)
        }
        return json.string
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
