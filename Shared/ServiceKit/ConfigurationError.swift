/// A configuration value that cannot be used; its description is the one line printed at start.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment variable.
    public var key: String
    /// What was wrong and what is expected.
    public var problem: String

    /// Creates an error.
    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "invalid configuration: \(key): \(problem)" }
}
