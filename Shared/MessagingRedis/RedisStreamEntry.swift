public import Foundation
public import NIOCore

/// One entry of a Redis stream.
public struct RedisStreamEntry: Sendable, Hashable {
    /// The entry id (`1700000000000-0`).
    public var id: String
    /// The fields in order, binary-safe; empty for an entry deleted while pending.
    public var fields: [(name: String, value: ByteBuffer)]

    /// Creates an entry.
    public init(id: String, fields: [(name: String, value: ByteBuffer)]) {
        self.id = id
        self.fields = fields
    }

    /// When Redis added the entry with this id (an id starts with its Unix milliseconds).
    public static func addedAt(id: String) -> Date? {
        guard let milliseconds = Double(id.split(separator: "-").first ?? "") else { return nil }
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }

    /// The fields as text (the last one wins on a repeated name).
    public var stringFields: [String: String] {
        var result = [String: String]()
        for field in fields { result[field.name] = String(buffer: field.value) }
        return result
    }

    /// One field as text.
    public func string(_ name: String) -> String? {
        fields.last { $0.name == name }.map { String(buffer: $0.value) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    /// Reads `[id, [field, value, …]]`; `[id, nil]` (deleted) gives no fields.
    init(reply: RESPValue) throws(RedisClientError) {
        guard case .array(let parts) = reply, parts.count == 2, let id = parts[0].string else {
            throw RedisClientError(.unexpectedReply, message: "not a stream entry: \(reply)")
        }
        self.id = id
        self.fields = []
        if case .array(let values) = parts[1] {
            guard values.count % 2 == 0 else {
                throw RedisClientError(.unexpectedReply, message: "odd number of stream fields")
            }
            fields.reserveCapacity(values.count / 2)
            var index = 0
            while index < values.count {
                guard let name = values[index].string, let value = values[index + 1].buffer else {
                    throw RedisClientError(.unexpectedReply, message: "stream field is not a string")
                }
                fields.append((name, value))
                index += 2
            }
        }
    }
}
