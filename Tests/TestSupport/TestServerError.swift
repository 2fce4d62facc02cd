/// A test server could not be started or stopped.
public struct TestServerError: Error, CustomStringConvertible {
    /// What happened.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
