import Foundation
import HummingbirdTesting
import MessagingProtocol

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
