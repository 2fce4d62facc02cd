/// Why bytes are not an Engine.IO packet or payload. The session that sent them is closed.
public struct EngineIODecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for logs.
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { "invalid Engine.IO packet: \(reason)" }
}
