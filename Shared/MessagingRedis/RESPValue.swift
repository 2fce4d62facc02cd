public import NIOCore

/// A reply of the RESP2 protocol, as hiredis decodes it.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`
    case simpleString(String)
    /// `-ERR …` (a command error; a single-command call throws it as ``RedisClientError``).
    case error(String)
    /// `:42`
    case integer(Int)
    /// `$3\r\nfoo` — binary-safe.
    case bulkString(ByteBuffer)
    /// `$-1` or `*-1`
    case null
    /// `*2\r\n…`
    case array([RESPValue])

    /// The value as text, for simple and bulk strings (bulk strings decoded as UTF-8).
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let buffer): String(buffer: buffer)
        case .integer(let value): String(value)
        default: nil
        }
    }

    /// The value as an integer, for integers and numeric strings.
    public var int: Int? {
        switch self {
        case .integer(let value): value
        case .bulkString, .simpleString: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array; `nil` otherwise.
    public var array: [RESPValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The bytes of a bulk string.
    public var buffer: ByteBuffer? {
        if case .bulkString(let buffer) = self { return buffer }
        return nil
    }

    /// Whether it is `nil` reply.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
