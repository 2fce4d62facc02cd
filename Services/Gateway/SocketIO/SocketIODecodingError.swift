/// Why a text is not a Socket.IO packet. The connection that sent it is closed.
public struct SocketIODecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for logs.
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { "invalid Socket.IO packet: \(reason)" }
}
