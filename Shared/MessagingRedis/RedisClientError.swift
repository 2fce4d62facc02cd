/// An error of the Redis client, with the context it happened in.
public struct RedisClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: String, Sendable, Hashable {
        /// Redis answered the command with an error reply (`-ERR …`, `-WRONGTYPE …`).
        case errorReply
        /// No reply arrived within the command timeout; the connection was closed.
        case timeout
        /// The connection closed before the reply arrived.
        case connectionClosed
        /// No connection to Redis could be had within the connect timeout.
        case unavailable
        /// The bytes from the server were not valid RESP.
        case protocolViolation
        /// The reply had an unexpected shape for the command.
        case unexpectedReply
        /// A configuration value (such as the URL) is not valid.
        case invalidConfiguration
    }

    /// What went wrong.
    public var code: Code
    /// Details: the server's error text, or what was expected.
    public var message: String
    /// The command's name, when one was involved (never its arguments).
    public var command: String?
    /// The channel or key, when one was involved.
    public var channel: String?

    /// Creates an error.
    public init(_ code: Code, message: String = "", command: String? = nil, channel: String? = nil) {
        self.code = code
        self.message = message
        self.command = command
        self.channel = channel
    }

    /// The same error with a command and channel attached.
    public func with(command: String? = nil, channel: String? = nil) -> RedisClientError {
        var copy = self
        copy.command = command ?? copy.command
        copy.channel = channel ?? copy.channel
        return copy
    }

    public var description: String {
        var text = "redis \(code.rawValue)"
        if let command { text += " in \(command)" }
        if let channel { text += " on \(channel)" }
        if !message.isEmpty { text += ": \(message)" }
        return text
    }
}
