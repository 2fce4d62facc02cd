import Foundation

/// Finding programs and waiting for servers.
public enum Executables {
    /// The path of a program on `PATH` or in the usual system folders.
    public static func find(_ name: String, extraFolders: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = extraFolders + path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin"]
        for folder in folders {
            let candidate = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Waits until `port` accepts connections, or the process dies, or 30 s pass.
    public static func waitUntilListening(port: Int, process: ManagedProcess, name: String) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while !FreePort.isListening(port) {
            guard process.isRunning else {
                throw TestServerError("\(name) exited at start:\n\(process.outputTail())")
            }
            guard clock.now < deadline else {
                await process.stop()
                throw TestServerError("\(name) did not listen on \(port) within 30 s:\n\(process.outputTail())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
