/// A value read from JSON by its own `init(reading:)`, written beside the type: the one way that
/// type is read.
public protocol JSONReadable {
    /// Reads the value where the reader stands.
    init(reading json: inout JSONReader) throws(JSONReader.Failure)
}

extension JSONReadable {
    /// Reads a whole document.
    public init(json text: String) throws(JSONReader.Failure) {
        self = try JSONReader.read(text) { reader throws(JSONReader.Failure) in try Self(reading: &reader) }
    }

    /// Reads a whole document from UTF-8 bytes.
    public init(json bytes: some Collection<UInt8>) throws(JSONReader.Failure) {
        let result: Result<Self, JSONReader.Failure> = Array(bytes).withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            do throws(JSONReader.Failure) {
                let value = try Self(reading: &reader)
                try reader.end()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }
}

extension String: JSONReadable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) { self = try json.string() }
}

extension Int: JSONReadable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) { self = try json.int() }
}

extension Bool: JSONReadable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) { self = try json.bool() }
}

extension Array: JSONReadable where Element: JSONReadable {
    public init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var list: [Element] = []
        try json.array { reader throws(JSONReader.Failure) in list.append(try Element(reading: &reader)) }
        self = list
    }
}
