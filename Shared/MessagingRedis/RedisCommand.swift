/// A Redis command: its name and arguments. Encoded binary-safe by ``RESPEncoder``.
public struct RedisCommand: Sendable, Hashable {
    /// Every word of the command, the name first.
    public var arguments: [RedisArgument]

    /// Creates a command from its words, the name first.
    public init(_ arguments: [RedisArgument]) {
        precondition(!arguments.isEmpty, "a Redis command needs a name")
        self.arguments = arguments
    }

    /// Creates a command from its name and arguments.
    public init(_ name: String, _ arguments: RedisArgument...) {
        self.arguments = [.string(name)] + arguments
    }

    /// The command's name, for errors and logs (never its arguments, which may be secret).
    public var name: String {
        if case .string(let name) = arguments.first { return name.uppercased() }
        return "?"
    }
}
