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

    /// Runs a program to its end and returns what it printed (standard output and error); a
    /// non-zero exit throws with that output.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], allowFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard allowFailure || process.terminationStatus == 0 else {
            throw TestServerError("\(executable) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(output)")
        }
        return output
    }
}
