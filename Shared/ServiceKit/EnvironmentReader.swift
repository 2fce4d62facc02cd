public import Foundation

/// Reads typed settings from environment variables, with defaults, and fails with one clear
/// ``ConfigurationError`` naming the variable on a bad value.
///
/// Built from the process environment once, at start, in `main`; nothing else reads `ProcessInfo`.
public struct EnvironmentReader: Sendable {
    /// The variables.
    public let values: [String: String]

    /// Reads from a dictionary (tests) or the process environment (the default).
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// A non-empty string, or `nil` when unset or empty.
    public func optionalString(_ key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A string, or the default.
    public func string(_ key: String, default defaultValue: String) -> String {
        optionalString(key) ?? defaultValue
    }

    /// A required string.
    public func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let value = optionalString(key) else { throw ConfigurationError(key: key, problem: "is required") }
        return value
    }

    /// An integer within `range`, or the default.
    public func int(_ key: String, default defaultValue: Int, range: ClosedRange<Int> = Int.min...Int.max) throws(ConfigurationError) -> Int {
        guard let text = optionalString(key) else { return defaultValue }
        guard let value = Int(text) else {
            throw ConfigurationError(key: key, problem: "\"\(text)\" is not an integer")
        }
        guard range.contains(value) else {
            throw ConfigurationError(key: key, problem: "\(value) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// A duration given in milliseconds, within `range` (milliseconds), or the default.
    public func milliseconds(_ key: String, default defaultValue: Duration, range: ClosedRange<Int> = 0...Int.max) throws(ConfigurationError) -> Duration {
        guard optionalString(key) != nil else { return defaultValue }
        return .milliseconds(try int(key, default: 0, range: range))
    }

    /// A boolean (`true/false`, `1/0`, `yes/no`, `on/off`), or the default.
    public func bool(_ key: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let text = optionalString(key)?.lowercased() else { return defaultValue }
        switch text {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigurationError(key: key, problem: "\"\(text)\" is not a boolean (true or false)")
        }
    }

    /// A comma-separated list (items trimmed, empty items dropped), or the default.
    public func list(_ key: String, default defaultValue: [String]) -> [String] {
        guard let text = optionalString(key) else { return defaultValue }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// One of an enumeration's raw values, or the default.
    public func choice<Value: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: Value) throws(ConfigurationError) -> Value
    where Value.RawValue == String {
        guard let text = optionalString(key) else { return defaultValue }
        guard let value = Value(rawValue: text.lowercased()) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(key: key, problem: "\"\(text)\" is not one of \(allowed)")
        }
        return value
    }

    /// An absolute http(s) URL, or the default.
    public func httpURL(_ key: String, default defaultValue: String?) throws(ConfigurationError) -> URL? {
        guard let text = optionalString(key) ?? defaultValue else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw ConfigurationError(key: key, problem: "\"\(text)\" is not an absolute http(s) URL")
        }
        return url
    }
}
