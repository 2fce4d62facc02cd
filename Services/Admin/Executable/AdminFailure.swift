import ArgumentParser

/// Why a command could not do its work, with the exit status of each kind.
enum AdminFailure: Error, CustomStringConvertible {
    /// Something given is wrong (exit 2).
    case badInput(String)
    /// Redis or the database cannot be reached (exit 3).
    case unreachable(String)

    var description: String {
        switch self {
        case .badInput(let message): "error: \(message)"
        case .unreachable(let message): "error: cannot reach \(message)"
        }
    }

    var exitCode: ExitCode {
        switch self {
        case .badInput: ExitCode(2)
        case .unreachable: ExitCode(3)
        }
    }
}

extension AsyncParsableCommand {
    /// Runs `body`; an ``AdminFailure`` is printed on standard error and becomes its exit status.
    func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as AdminFailure {
            FileHandleOutput.standardError(failure.description)
            throw failure.exitCode
        }
    }
}
