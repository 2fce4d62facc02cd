import Foundation

/// What /proc says of a process: resident memory and CPU time.
struct ProcessStats: Sendable {
    var rssBytes: Int
    var cpuSeconds: Double

    static func of(_ pid: Int32) -> ProcessStats? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Int($0) }),
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpu = ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
        return ProcessStats(rssBytes: kilobytes * 1024, cpuSeconds: cpu)
    }

    /// This process's own CPU time.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

/// A run's figures, printed as one JSON object.
struct BenchmarkReport: Sendable {
    var figures: [(String, Double)] = []

    mutating func add(_ name: String, _ value: Double) { figures.append((name, value)) }

    func json() -> String {
        "{" + figures.map { "\"\($0.0)\":\($0.1.isFinite ? String(format: "%.3f", $0.1) : "null")" }.joined(separator: ",") + "}"
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The p-th percentile of sorted nanosecond values, in milliseconds.
func percentile(_ sorted: [Int64], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, Int((Double(sorted.count) * p / 100).rounded(.up)) - 1)
    return Double(sorted[max(0, index)]) / 1e6
}
