import Foundation
public import Logging
public import ServiceLifecycle

/// Start-up and shutdown shared by every executable.
public enum ServiceRunner {
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
    /// SIGINT, which starts a graceful shutdown.
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
