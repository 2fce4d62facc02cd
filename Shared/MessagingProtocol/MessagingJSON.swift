public import Foundation

/// The Codable coders of the HTTP edge (request and response bodies, see `HTTPJSON`): dates as
/// ISO 8601 with milliseconds (``ISO8601Timestamp``), slashes unescaped (URLs stay readable). Wire
/// types between services and over sockets read and write themselves (`JSONReadable`,
/// `JSONWritable`) and are not Codable.
public enum MessagingJSON {
    /// A new encoder configured for the contract.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Timestamp.format(date))
        }
        return encoder
    }

    /// A new decoder configured for the contract; a bad date is a decoding error naming the field.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected an ISO 8601 date-time, got \"\(text)\""
                )
            }
            return date
        }
        return decoder
    }

    /// One configured encoder and decoder, shared: they hold no per-call state.
    private static let sharedEncoder = makeEncoder()
    private static let sharedDecoder = makeDecoder()

    /// Encodes a value to JSON bytes.
    public static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        try sharedEncoder.encode(value)
    }

    /// Encodes a value to a JSON string.
    public static func encodeString<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try sharedEncoder.encode(value), as: UTF8.self)
    }

    /// Decodes a value from JSON bytes.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: some DataProtocol) throws -> Value {
        try sharedDecoder.decode(type, from: Data(data))
    }
}
