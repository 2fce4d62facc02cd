/// Reads JSON text by hand for the hot path (every command a store consumes): a pull reader over
/// UTF-8 bytes that the caller walks as it expects the document to be.
///
/// Strict where a document could be read two ways: a number that is not an integer, a key with an
/// escape, a repeated key, a control character in a string, anything after the document — each is
/// a ``JSONReader/Failure``, and the caller reads the text with `JSONDecoder` instead, which then
/// decides. What it accepts it reads exactly as `JSONDecoder` does.
public struct JSONReader {
    /// The text cannot be read by this reader (it may still be JSON).
    public struct Failure: Error, Sendable {
        /// Where, as a byte offset.
        public var offset: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Reads `bytes`, which must stay valid while the reader is used.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads `text` with a reader in `body`.
    public static func read<Value>(_ text: String, _ body: (inout JSONReader) throws(Failure) -> Value) throws(Failure) -> Value {
        var text = text
        let result: Result<Value, Failure> = text.withUTF8 { buffer in
            var reader = JSONReader(buffer)
            do throws(Failure) {
                let value = try body(&reader)
                try reader.end()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: values

    /// An object: `body` is called with each key and must read its value.
    public mutating func object(_ body: (inout JSONReader, Key) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"))
        var seen: [Key] = []
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        repeat {
            let key = try readKey()
            if seen.contains(key) { throw failure }
            seen.append(key)
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            let next = try take()
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw failure }
        } while true
    }

    /// An array: `body` is called once per element and must read it.
    public mutating func array(_ body: (inout JSONReader) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        repeat {
            try body(&self)
            let next = try take()
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw failure }
        } while true
    }

    /// `null` is consumed and answers `true`; anything else is left in place.
    public mutating func null() throws(Failure) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// A string.
    public mutating func string() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        // The common case: no escape, the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure }
            index += 1
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try unescape(into: &scalars)
            case ..<0x20:
                throw failure
            default:
                scalars.append(byte)
            }
        }
        throw failure
    }

    /// A string, or `nil` for `null`.
    public mutating func optionalString() throws(Failure) -> String? {
        try null() ? nil : string()
    }

    /// An integer (no fraction, no exponent: those fail).
    public mutating func int() throws(Failure) -> Int {
        skipWhitespace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { throw failure }
            value = sum
            index += 1
        }
        // No digits, a leading zero before more digits, or a fraction or exponent: not read here.
        guard index > start, !(bytes[start] == UInt8(ascii: "0") && index - start > 1) else { throw failure }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { throw failure }
        return negative ? -value : value
    }

    /// Any value, read and dropped (a key the caller does not know).
    public mutating func skip() throws(Failure) {
        switch try peek() {
        case UInt8(ascii: "{"): try object { reader, _ throws(Failure) in try reader.skip() }
        case UInt8(ascii: "["): try array { reader throws(Failure) in try reader.skip() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try int()
        }
    }

    /// Any value, skipped for now: a reader of its text, to read once the caller knows how.
    public mutating func later() throws(Failure) -> JSONReader {
        skipWhitespace()
        let start = index
        try skip()
        return JSONReader(UnsafeBufferPointer(rebasing: bytes[start..<index]))
    }

    /// Only white space is left.
    public mutating func end() throws(Failure) {
        skipWhitespace()
        guard index == bytes.count else { throw failure }
    }

    // MARK: keys

    /// An object key: its bytes (a key with an escape is a failure).
    public struct Key: Equatable {
        let bytes: UnsafeBufferPointer<UInt8>

        /// Whether the key is `name`.
        public static func == (key: Key, name: StaticString) -> Bool {
            key.bytes.count == name.utf8CodeUnitCount
                && name.withUTF8Buffer { literal in key.bytes.elementsEqual(literal) }
        }

        public static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.bytes.elementsEqual(rhs.bytes)
        }
    }

    private mutating func readKey() throws(Failure) -> Key {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let key = Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return key
            }
            guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { throw failure }
            index += 1
        }
        throw failure
    }

    // MARK: bytes

    /// A failure at the reader's position (for a value that is well-formed but not what the caller expects).
    public var failure: Failure { Failure(offset: index) }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private mutating func peek() throws(Failure) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw failure }
        return bytes[index]
    }

    private mutating func take() throws(Failure) -> UInt8 {
        let byte = try peek()
        index += 1
        return byte
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard try take() == byte else { throw failure }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        skipWhitespace()
        let matched = word.withUTF8Buffer { literal in
            index + literal.count <= bytes.count && bytes[index..<index + literal.count].elementsEqual(literal)
        }
        guard matched else { throw failure }
        index += word.utf8CodeUnitCount
    }

    /// After a backslash: the escaped character's UTF-8 bytes.
    private mutating func unescape(into output: inout [UInt8]) throws(Failure) {
        guard index < bytes.count else { throw failure }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { throw failure }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let character = Unicode.Scalar(scalar) else { throw failure }
            output.append(contentsOf: UTF8.encode(character)!)
        default:
            throw failure
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
