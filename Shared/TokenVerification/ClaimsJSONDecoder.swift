public import Foundation
import JSONCoding
public import JWTKit

/// jwt-kit's JSON decoding for the tokens services verify: a header of text fields and
/// ``MessagingClaims`` are read with JSONCoding; any other type, and any header or claims those
/// readers do not take as they are (a fractional date, a header field that is not text, …), go to
/// jwt-kit's Foundation decoder, which decides. Foundation's `JSONDecoder` was 5 % of a gateway's
/// CPU per connecting socket (perf), for two small objects a token.
public struct ClaimsJSONDecoder: JWTJSONDecoder {
    private let fallback: any JWTJSONDecoder = .defaultForJWT

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        // Text that is not UTF-8 is Foundation's to refuse.
        if let text = String(validating: data, as: UTF8.self) {
            if type == JWTHeader.self, let header = Self.header(text) as? T { return header }
            if type == MessagingClaims.self, let claims = (try? MessagingClaims(json: text)) as? T { return claims }
        }
        return try fallback.decode(type, from: data)
    }

    /// A header whose every field is text (`alg`, `typ`, `kid`), or `nil`.
    static func header(_ text: String) -> JWTHeader? {
        try? JWTHeader(fields: JSONReader.read(text) { reader throws(JSONReader.Failure) in
            var fields = [String: JWTHeaderField]()
            try reader.object { reader, key throws(JSONReader.Failure) in fields[key.name] = .string(try reader.string()) }
            return fields
        })
    }

    /// A parser that decodes with this.
    public static var parser: DefaultJWTParser { DefaultJWTParser(jsonDecoder: ClaimsJSONDecoder()) }
}
