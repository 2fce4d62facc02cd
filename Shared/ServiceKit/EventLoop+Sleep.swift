public import NIOCore

extension EventLoop {
    /// Suspends for `duration` on this loop's own timer; throws `CancellationError` when the task is
    /// cancelled. Unlike `Task.sleep`, which arms a Dispatch timer (its manager thread and a worker
    /// wake before the task resumes), nothing but this loop is involved: for a wait in the hot path
    /// of a consumer whose connections live on this loop.
    public func sleep(for duration: Duration) async throws {
        let scheduled = scheduleTask(in: TimeAmount(duration)) {}
        try await withTaskCancellationHandler {
            do {
                try await scheduled.futureResult.get()
            } catch EventLoopError.cancelled {
                throw CancellationError()
            }
        } onCancel: {
            scheduled.cancel()
        }
    }
}
