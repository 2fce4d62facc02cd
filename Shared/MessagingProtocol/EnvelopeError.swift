/// Why an envelope read from Redis could not be understood.
public struct EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { "invalid envelope: \(reason)" }
}
