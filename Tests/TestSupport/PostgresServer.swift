public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server (initdb into a temporary folder) on a free loopback port.
///
/// PostgreSQL refuses to run as root: when the tests run as root, the server runs as the system
/// user `inkstudio-pg` (created if missing) through `setpriv`, which execs without forking, so the
/// PID held here is the postmaster's own. Stopped by that PID.
public final class PostgresServer: @unchecked Sendable {
    /// The port.
    public let port: Int
    /// The data folder's parent.
    public let directory: URL
    /// The superuser name (trust authentication on loopback).
    public let user = "postgres"
    private var child: ManagedProcess?

    /// The folder with `initdb`, `postgres`, `pg_isready`, `psql`.
    public static let binaryFolder: String = {
        let candidates = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/postgres") } ?? "/usr/lib/postgresql/15/bin"
    }()

    static let systemUser = "inkstudio-pg"

    /// `postgres://postgres@127.0.0.1:port/database`.
    public func url(database: String = "postgres") -> String { "postgres://\(user)@127.0.0.1:\(port)/\(database)" }

    /// initdb, start, and wait until it accepts connections.
    ///
    /// - Parameter fsync: keep PostgreSQL's durability on (benchmarks) or off (faster tests).
    public static func start(fsync: Bool = false) async throws -> PostgresServer {
        let server = PostgresServer(port: try FreePort.make())
        try await server.initialise()
        try await server.start(fsync: fsync)
        return server
    }

    /// ``start(fsync:)``, then creates `database`; the server is stopped if that fails.
    public static func start(creating database: String, fsync: Bool = false) async throws -> PostgresServer {
        let server = try await start(fsync: fsync)
        do {
            try server.createDatabase(database)
        } catch {
            await server.shutdown()
            throw error
        }
        return server
    }

    private init(port: Int) {
        self.port = port
        self.directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("ink-pg-\(port)-\(UUID().uuidString.prefix(8))")
    }

    private var isRoot: Bool { geteuid() == 0 }
    private var dataFolder: String { directory.appendingPathComponent("data").path }

    private func initialise() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaryFolder + "/initdb") else {
            throw TestServerError("PostgreSQL server binaries not found in \(Self.binaryFolder) (apt-get install postgresql)")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if isRoot {
            try Self.ensureSystemUser()
            try Self.run("/bin/chown", ["-R", "\(Self.systemUser):\(Self.systemUser)", directory.path])
        }
        try Self.run(
            asSystemUser: isRoot, Self.binaryFolder + "/initdb",
            ["-D", dataFolder, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"])
    }

    private func start(fsync: Bool) async throws {
        var command = [Self.binaryFolder + "/postgres", "-D", dataFolder, "-p", String(port), "-k", directory.path]
        command += ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=\(fsync ? "on" : "off")", "-c", "max_connections=200"]
        if !fsync { command += ["-c", "synchronous_commit=off", "-c", "full_page_writes=off"] }
        let (executable, arguments) = isRoot ? Self.asSystemUser(command) : (command[0], Array(command.dropFirst()))
        let process = try ManagedProcess(executable: executable, arguments: arguments, logFile: directory.appendingPathComponent("postgres.log"))
        child = process
        try await Executables.waitUntilListening(port: port, process: process, name: "postgres")
        // Listening is not yet accepting queries during start-up: ask pg_isready.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while (try? Self.run(Self.binaryFolder + "/pg_isready", ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-q"])) == nil {
            guard clock.now < deadline, process.isRunning else {
                throw TestServerError("postgres not ready:\n\(process.outputTail())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Creates a database.
    public func createDatabase(_ name: String) throws {
        try Self.run(Self.binaryFolder + "/createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, name])
    }

    /// Stops the server by PID (fast shutdown) and removes its folder.
    public func shutdown() async {
        await child?.stop(signal: SIGINT)
        child = nil
        try? FileManager.default.removeItem(at: directory)
    }

    private static func asSystemUser(_ command: [String]) -> (String, [String]) {
        ("/usr/bin/setpriv", ["--reuid=\(systemUser)", "--regid=\(systemUser)", "--clear-groups", "--"] + command)
    }

    /// Creates the system user once. Several suites start servers at the same time on a fresh
    /// machine, so another one may create it between our check and our `useradd`: the user existing
    /// afterwards is what counts, not which of us created it.
    private static func ensureSystemUser() throws {
        if (try? run("/usr/bin/id", ["-u", systemUser])) != nil { return }
        do {
            try run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", systemUser])
        } catch {
            if (try? run("/usr/bin/id", ["-u", systemUser])) != nil { return }
            throw error
        }
    }

    private static func run(asSystemUser: Bool, _ executable: String, _ arguments: [String]) throws {
        if asSystemUser {
            let (wrapped, wrappedArguments) = Self.asSystemUser([executable] + arguments)
            try run(wrapped, wrappedArguments)
        } else {
            try run(executable, arguments)
        }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        try Executables.run(executable, arguments)
    }
}
