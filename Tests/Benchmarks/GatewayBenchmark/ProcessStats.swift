import Foundation
import Histogram

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

    /// CPU time of the children a process has waited for (fields 16 and 17, `cutime` and `cstime`):
    /// a PostgreSQL backend that closed during the run is counted there, not lost.
    static func reapedChildrenCPUSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 14 else { return 0 }
        return ((Double(fields[13]) ?? 0) + (Double(fields[14]) ?? 0)) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A process and its children (PostgreSQL's backends are children of the postmaster): RSS and
    /// CPU summed, the CPU of children that already ended included.
    static func ofTree(_ pid: Int32) -> ProcessStats? {
        guard var total = of(pid) else { return nil }
        total.cpuSeconds += reapedChildrenCPUSeconds(pid)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let child = Int32(entry), child != pid,
                let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // Field 4 (the second after the name) is the parent's PID.
            guard fields.count > 1, Int32(fields[1]) == pid, let stats = of(child) else { continue }
            total.rssBytes += stats.rssBytes
            total.cpuSeconds += stats.cpuSeconds
        }
        return total
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

extension BenchmarkReport {
    /// p50/p90/p99/max in milliseconds of a histogram of microseconds, under `prefix`.
    mutating func add(latencies histogram: Histogram<UInt64>, prefix: String) {
        let empty = histogram.totalCount == 0
        for (name, percentile) in [("p50", 50.0), ("p90", 90.0), ("p99", 99.0)] {
            add("\(prefix)\(name)_ms", empty ? .nan : Double(histogram.valueAtPercentile(percentile)) / 1000)
        }
        add("\(prefix)max_ms", empty ? .nan : Double(histogram.max) / 1000)
    }
}
