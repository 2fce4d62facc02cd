/// The packet types of the Socket.IO protocol v5.
public enum SocketIOPacketType: UInt8, Sendable, Hashable, CaseIterable {
    /// Connects to a namespace (client: optional auth object; server: `{ sid }`).
    case connect = 0
    /// Leaves a namespace.
    case disconnect = 1
    /// An event: `[name, ...args]`.
    case event = 2
    /// The answer to an event that asked for one: `[...args]`.
    case ack = 3
    /// A refused connection: `{ message, data? }`.
    case connectError = 4
    /// An event whose arguments hold binary attachments.
    case binaryEvent = 5
    /// An ack whose arguments hold binary attachments.
    case binaryAck = 6
}
