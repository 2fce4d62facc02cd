public import NIOCore

/// One argument of a Redis command; every form is written binary-safe as a RESP bulk string.
public enum RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// UTF-8 text.
    case string(String)
    /// Raw bytes (may contain NUL, CR and LF).
    case bytes(ByteBuffer)
    /// A decimal integer.
    case integer(Int)
    /// A key or channel name behind the deployment's prefix, written without concatenating first.
    case prefixed(prefix: String, name: String)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
}
