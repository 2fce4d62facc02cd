/// Work for the engine's task group: a session's drain when packets arrive after an idle spell,
/// and what a handler awaits beside a session's next packets (the unread total a new socket is
/// sent; acks wait for the store as callbacks, not tasks). No session has a task of its own;
/// everything runs as a child of the engine's `run()`, so a shutdown cancels what is still waiting
/// once the grace period ends.
package struct EngineTasks: Sendable {
    package typealias Work = @Sendable () async -> Void

    private let continuation: AsyncStream<Work>.Continuation

    init(_ continuation: AsyncStream<Work>.Continuation) {
        self.continuation = continuation
    }

    /// Runs `work` in the engine's task group (dropped once the engine stopped).
    package func run(_ work: @escaping Work) {
        continuation.yield(work)
    }
}
