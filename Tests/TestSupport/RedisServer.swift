public import Foundation

/// A real `redis-server` on a free loopback port, for one test or suite; stopped by its PID.
public final class RedisServer: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    /// Its working folder.
    public let directory: URL
    private var child: ManagedProcess?
    /// Arguments after the defaults, for the next ``start()`` (a later one wins: `--appendonly yes`).
    public var extraArguments: [String] = []

    /// `redis://127.0.0.1:port`.
    public var url: String { "redis://127.0.0.1:\(port)" }

    /// Starts a server (no persistence) and waits until it accepts connections. Without a given
    /// port, a port taken between its choice and the bind is replaced by another (up to 5 tries).
    public static func start(port: Int? = nil, extraArguments: [String] = []) async throws -> RedisServer {
        if let port {
            let server = RedisServer(port: port)
            server.extraArguments = extraArguments
            try await server.start()
            return server
        }
        var attempt = 1
        while true {
            let server = RedisServer(port: try FreePort.make())
            server.extraArguments = extraArguments
            do {
                try await server.start()
                return server
            } catch let error as TestServerError where error.description.contains("Address already in use") && attempt < 5 {
                await server.shutdown()
                attempt += 1
            }
        }
    }

    private init(port: Int) {
        self.port = port
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("ink-redis-\(port)-\(UUID().uuidString.prefix(8))")
    }

    /// Starts the process (again, after ``stop()``) on the same port.
    public func start() async throws {
        guard child == nil else { return }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard let executable = Executables.find("redis-server") else {
            throw TestServerError("redis-server is not installed (apt-get install redis-server)")
        }
        let process = try ManagedProcess(
            executable: executable,
            arguments: [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", directory.path, "--daemonize", "no", "--protected-mode", "yes",
            ] + extraArguments,
            logFile: directory.appendingPathComponent("redis.log"))
        child = process
        try await Executables.waitUntilListening(port: port, process: process, name: "redis-server")
    }

    /// Stops the process by PID and waits for it to exit.
    public func stop() async {
        await child?.stop()
        child = nil
    }

    /// Stops it and removes its folder.
    public func shutdown() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
