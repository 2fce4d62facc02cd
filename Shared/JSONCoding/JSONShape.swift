/// The top level of a validated JSON document, with the raw text of its parts kept as they came.
///
/// `JSONShape(validating:)` checks the whole text against RFC 8259 (nesting at most
/// ``JSONReader/maxDepth`` deep) and outlines its top level.
///
/// Socket.IO needs only the outline of a packet's data (is it an array, what is its first string,
/// where do its elements start and end); the application decodes each element itself. Keeping the
/// raw text avoids decoding and re-encoding what is only passed along.
public enum JSONShape: Sendable, Hashable {
    /// An object; its raw text.
    case object(String)
    /// An array; the raw text of each element.
    case array([String])
    /// A string, unescaped.
    case string(String)
    /// A number; its raw text.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The elements of an array, else `nil`.
    public var arrayElements: [String]? {
        if case .array(let elements) = self { elements } else { nil }
    }
}

extension JSONShape {
    /// Validates `text` as one JSON document and outlines it; a failure says what and where.
    public init(validating text: some StringProtocol) throws(JSONReader.Failure) {
        self = try JSONReader.read(String(text)) { reader throws(JSONReader.Failure) in
            switch reader.next() {
            case nil:
                throw reader.failure("empty document")
            case UInt8(ascii: "["):
                var elements: [String] = []
                try reader.array { element throws(JSONReader.Failure) in elements.append(try element.rawValue()) }
                return .array(elements)
            case UInt8(ascii: "{"):
                return .object(try reader.rawValue())
            case UInt8(ascii: "\""):
                return .string(try reader.string())
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                return .bool(try reader.bool())
            case UInt8(ascii: "n"):
                _ = try reader.null()
                return .null
            default:
                return .number(try reader.rawValue())
            }
        }
    }
}
