/// The last stage of one batch (publish and acknowledge), running while the next batch commits:
/// one at a time, in commit order; its failure is thrown by the next `start` or `wait`.
struct FinishInFlight {
    private var task: Task<Void, any Error>?

    /// Waits for the previous finish, then starts `work`.
    mutating func start(_ work: @escaping @Sendable () async throws -> Void) async throws {
        try await wait()
        task = Task { try await work() }
    }

    /// Waits for the finish in flight.
    mutating func wait() async throws {
        guard let running = task else { return }
        task = nil
        try await running.value
    }
}
