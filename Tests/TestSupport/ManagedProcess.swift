public import Foundation

#if canImport(Glibc)
public import Glibc
#endif

/// A child process a test started: it is ended by its PID, never by name.
public final class ManagedProcess: @unchecked Sendable {
    /// The process.
    public let process: Process
    /// Where its output goes.
    public let logFile: URL

    /// Starts `executable` with `arguments`, output to `logFile`.
    public init(executable: String, arguments: [String], logFile: URL, environment: [String: String]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.logFile = logFile
    }

    /// The PID.
    public var pid: Int32 { process.processIdentifier }

    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }

    /// Sends a signal to this process (by PID) and waits for it to exit, up to `timeout`;
    /// after that, SIGKILL.
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(10)) async {
        guard process.isRunning else { return }
        kill(pid, signal)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The last lines of its output, for failure messages.
    public func outputTail(_ lines: Int = 30) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
