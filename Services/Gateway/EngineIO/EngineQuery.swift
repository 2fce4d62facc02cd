import Foundation

/// The query of an Engine.IO request: `EIO`, `transport` and `sid`.
struct EngineQuery: Sendable, Hashable {
    var eio: String?
    var transport: String?
    var sid: String?

    /// Reads the query part of a request target (`/socket.io/?EIO=4&transport=polling&sid=…`).
    init(target: String) {
        guard let questionMark = target.firstIndex(of: "?") else { return }
        for pair in target[target.index(after: questionMark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            let value = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : ""
            switch name {
            case "EIO": eio = value
            case "transport": transport = value
            case "sid": sid = value
            default: continue
            }
        }
    }

    /// Whether `target`'s path is the Engine.IO path.
    static func isEnginePath(_ target: String) -> Bool {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return path == "/socket.io/" || path == "/socket.io"
    }
}
