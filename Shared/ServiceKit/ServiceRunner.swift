import Foundation
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle

/// Start-up and shutdown shared by every executable.
public enum ServiceRunner {
    /// Runs Swift Concurrency's jobs on SwiftNIO's event loops (the singleton group, one thread per
    /// core, which also carries every socket, Redis and PostgreSQL connection) instead of a second
    /// pool of threads: a task that awaits a channel's answer resumes on a thread that is already
    /// awake rather than waking another, which on the message path cost more than the work itself
    /// (a third of the store's CPU was the kernel switching threads). Blocking work stays on
    /// `NIOThreadPool` (SQLite, disk, bcrypt). Right after the configuration is read, on the main
    /// thread, before any task exists; `false` when the runtime does not allow it (the default pool
    /// then).
    @discardableResult
    public static func runTasksOnEventLoops(threads: Int) -> Bool {
        useEventLoopThreads(threads)
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Sizes SwiftNIO's singleton event-loop group (`EVENT_LOOP_THREADS`); before anything uses it,
    /// once per process.
    public static func useEventLoopThreads(_ threads: Int) {
        NIOSingletons.groupLoopCountSuggestion = threads
    }

    /// Reads configuration; on a bad value prints one clear line to standard error and exits with
    /// status 78 (`EX_CONFIG`).
    public static func loadConfiguration<Configuration>(
        service: String,
        _ load: () throws -> Configuration
    ) -> Configuration {
        do {
            return try load()
        } catch {
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            exit(78)
        }
    }

    /// Builds what the service needs at start (keys, database, migrations); a failure prints one
    /// line to standard error and exits with status 78 for a configuration problem, else 1 —
    /// never a crash with a backtrace.
    public static func prepare<Value>(service: String, _ build: () async throws -> Value) async -> Value {
        do {
            return try await build()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            exit(78)
        } catch {
            FileHandle.standardError.write(Data("\(service): cannot start: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Runs services in dependency order (the first starts first and stops last) until SIGTERM or
    /// SIGINT, which starts a graceful shutdown. Their tasks, and every child task they start,
    /// prefer the event loops as their task executor (see ``EventLoopTaskExecutor``).
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await withTaskExecutorPreference(EventLoopTaskExecutor()) {
            try await group.run()
        }
    }
}
