public import Foundation
public import JSONCoding

extension JSONReader {
    /// A timestamp of the contract (``ISO8601Timestamp``).
    public mutating func timestamp() throws(Failure) -> Date {
        let text = try string()
        guard let date = ISO8601Timestamp.parse(text) else { throw failure("expected an ISO 8601 date-time, got \"\(text)\"") }
        return date
    }
}
