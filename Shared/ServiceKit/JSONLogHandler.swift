import Foundation
import JSONCoding
public import Logging
import MessagingProtocol

/// Writes each log record as one JSON object on one line of standard output, members sorted by
/// name: `level`, `logger`, `msg`, `source`, `ts` and the metadata (which cannot replace those five).
public struct JSONLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata { fields[key] = "\(value)" }
        if let provided = metadataProvider?.get() {
            for (key, value) in provided { fields[key] = "\(value)" }
        }
        if let extra = event.metadata {
            for (key, value) in extra { fields[key] = "\(value)" }
        }
        fields["level"] = event.level.rawValue
        fields["logger"] = label
        fields["msg"] = "\(event.message)"
        fields["source"] = event.source
        fields["ts"] = ISO8601Timestamp.format(Date())
        var json = JSONWriter(capacity: 256)
        json.object { line in
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                line.key(key); line.value(value)
            }
        }
        var bytes = json.bytes
        bytes.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(Data(bytes))
    }
}
