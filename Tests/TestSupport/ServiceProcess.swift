public import Foundation

/// One of the project's executables, started by a test on a free loopback port and stopped by PID.
public final class ServiceProcess: @unchecked Sendable {
    /// The process.
    public let process: ManagedProcess
    /// Its HTTP port.
    public let port: Int

    /// `http://127.0.0.1:port`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `product` with `environment` (plus `HOST`/`PORT`) and waits until it listens.
    public static func start(_ product: String, environment: [String: String], port: Int? = nil, logFolder: URL) async throws -> ServiceProcess {
        let port = try port ?? FreePort.make()
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { $1 }
        variables["HOST"] = "127.0.0.1"
        variables["PORT"] = String(port)
        let process = try ManagedProcess(
            executable: try BuiltProducts.path(product), arguments: [],
            logFile: logFolder.appendingPathComponent("\(product)-\(port).log"), environment: variables)
        try await Executables.waitUntilListening(port: port, process: process, name: product)
        return ServiceProcess(process: process, port: port)
    }

    private init(process: ManagedProcess, port: Int) {
        self.process = process
        self.port = port
    }

    /// SIGTERM, then wait for a graceful exit.
    public func stop() async {
        await process.stop()
    }
}
