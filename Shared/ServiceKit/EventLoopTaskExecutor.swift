import NIOCore
public import NIOPosix

/// A task executor on SwiftNIO's singleton event loops: a job runs on the loop the caller is on
/// (or the group's next one from elsewhere), as the generic executor, with this as its task
/// executor.
///
/// Why not only SwiftNIO's global-executor takeover (``ServiceRunner/runTasksOnEventLoops(threads:)``):
/// it runs every job *on the loop's serial executor*, so a task there is not on the generic
/// executor, and each call into a nonisolated async function (`PostgresRowSequence`'s `next()`,
/// every layer of a statement or a Redis round trip) first switches executors, which the runtime
/// cannot do inline from a custom serial executor: it enqueues the task and runs it as a new job on
/// the same thread. The store ran about 180 jobs per message that way. A task preferring this
/// executor runs its nonisolated code inline, as on the default pool, and still never changes
/// threads.
public final class EventLoopTaskExecutor: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup

    /// An executor on `group`'s loops (SwiftNIO's singleton group by default).
    public init(group: MultiThreadedEventLoopGroup = .singleton) {
        self.group = group
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // `any()` is the current loop when called on one of the group's threads.
        group.any().execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
