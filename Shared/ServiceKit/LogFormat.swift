/// How log lines are written.
public enum LogFormat: String, Sendable, CaseIterable, Hashable {
    /// swift-log's human-readable lines.
    case text
    /// One JSON object per line (for log shippers).
    case json
}
