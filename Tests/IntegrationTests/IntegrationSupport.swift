import Foundation
import HummingbirdTesting
import MessagingProtocol
import MessagingRedis

/// The databases a test runs on: the embedded default and production's.
enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

extension TestResponse {
    /// The body decoded as the contract's JSON (an HTTP body: Codable).
    func json<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try MessagingJSON.decode(type, from: Data(buffer: body))
    }

    /// The contract error in the body.
    var error: MessagingError? { try? json(HTTPErrorResponse.self).error }
}

/// A stream entry's fields as text, from an `XRANGE` reply element.
func streamFields(_ entry: RESPValue) -> [String: String] {
    guard case .array(let parts) = entry, parts.count == 2, case .array(let values) = parts[1] else { return [:] }
    var fields = [String: String]()
    var index = 0
    while index + 1 < values.count {
        fields[values[index].string ?? ""] = values[index + 1].string
        index += 2
    }
    return fields
}
