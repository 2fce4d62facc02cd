/// A value that writes its own JSON with a ``JSONWriter``, beside the type: the one way that type
/// is written (members in a fixed order, `nil` members left out).
public protocol JSONWritable {
    /// Writes the value.
    func write(to json: inout JSONWriter)
}

extension JSONWritable {
    /// The value's JSON text.
    public var writtenJSON: [UInt8] {
        var writer = JSONWriter(capacity: 128)
        write(to: &writer)
        return writer.bytes
    }

    /// The value's JSON text, as a string.
    public var jsonString: String { String(decoding: writtenJSON, as: UTF8.self) }
}

extension String: JSONWritable {
    public func write(to json: inout JSONWriter) { json.value(self) }
}

extension Int: JSONWritable {
    public func write(to json: inout JSONWriter) { json.value(self) }
}

extension Bool: JSONWritable {
    public func write(to json: inout JSONWriter) { json.value(self) }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.array { list in
            for element in self { element.write(to: &list) }
        }
    }
}
