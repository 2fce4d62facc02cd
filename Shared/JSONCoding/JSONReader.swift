/// Reads JSON text: a pull reader over UTF-8 bytes that the caller walks as it expects the document
/// to be (each wire type's `init(reading:)`, beside the type).
///
/// Strict: a repeated key, a control character in a string, a number where an integer is expected
/// that has a fraction or exponent, anything after the document — each is a ``JSONReader/Failure``
/// saying what and where.
public struct JSONReader {
    /// The text is not the document the caller expects.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// Where, as a byte offset.
        public var offset: Int
        /// What was wrong.
        public var reason: String

        /// A failure at `offset`.
        public init(offset: Int, reason: String = "unexpected input") {
            self.offset = offset
            self.reason = reason
        }

        public var description: String { "\(reason) (at byte \(offset))" }
    }

    /// The deepest nesting read: deeper input is a failure, so hostile text cannot exhaust the stack.
    public static let maxDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

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
        try enter()
        defer { depth -= 1 }
        var seen: [Key] = []
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        repeat {
            let key = try readKey()
            if seen.contains(key) { throw failure("repeated key \"\(key.name)\"") }
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
        try enter()
        defer { depth -= 1 }
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

    /// `true` or `false`.
    public mutating func bool() throws(Failure) -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw failure("expected true or false")
        }
    }

    /// An array of strings.
    public mutating func strings() throws(Failure) -> [String] {
        var list: [String] = []
        try array { reader throws(Failure) in list.append(try reader.string()) }
        return list
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
        guard index > start, !(bytes[start] == UInt8(ascii: "0") && index - start > 1) else { throw failure("expected an integer") }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            throw failure("expected an integer")
        }
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
        default: try number()
        }
    }

    /// Any JSON number (RFC 8259's grammar), skipped.
    private mutating func number() throws(Failure) {
        skipWhitespace()
        func isDigit(_ at: Int) -> Bool { at < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw failure("expected a value") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw failure("expected a digit after .") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw failure("expected a digit in the exponent") }
            while isDigit(index) { index += 1 }
        }
    }

    /// Any value, skipped for now: a reader of its text, to read once the caller knows how.
    public mutating func later() throws(Failure) -> JSONReader {
        skipWhitespace()
        let start = index
        try skip()
        var reader = JSONReader(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        reader.depth = depth
        return reader
    }

    /// Any value, validated and skipped: its text as it came.
    public mutating func rawValue() throws(Failure) -> String {
        skipWhitespace()
        let start = index
        try skip()
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// The first byte of the next value, without reading it (`nil` at the end).
    public mutating func next() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Only white space is left.
    public mutating func end() throws(Failure) {
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the document") }
    }

    // MARK: keys

    /// An object key: its bytes in the text, or unescaped when it had an escape.
    public struct Key: Equatable {
        let text: UnsafeBufferPointer<UInt8>
        let unescaped: [UInt8]?

        /// The key as a string.
        public var name: String {
            unescaped.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: text, as: UTF8.self)
        }

        private func equals(_ other: some Collection<UInt8>) -> Bool {
            if let unescaped { return unescaped.elementsEqual(other) }
            return text.count == other.count && text.elementsEqual(other)
        }

        /// Whether the key is `name`.
        public static func == (key: Key, name: StaticString) -> Bool {
            name.withUTF8Buffer { literal in key.equals(literal) }
        }

        public static func == (lhs: Key, rhs: Key) -> Bool {
            if let unescaped = rhs.unescaped { return lhs.equals(unescaped) }
            return lhs.equals(rhs.text)
        }
    }

    private mutating func readKey() throws(Failure) -> Key {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
        let start = index + 1
        var scan = start
        while scan < bytes.count {
            let byte = bytes[scan]
            if byte == UInt8(ascii: "\"") {
                index = scan + 1
                return Key(text: UnsafeBufferPointer(rebasing: bytes[start..<scan]), unescaped: nil)
            }
            if byte == UInt8(ascii: "\\") {
                // Rare: read it as a string value and keep its bytes.
                let name = try string()
                return Key(text: UnsafeBufferPointer(rebasing: bytes[start..<start]), unescaped: Array(name.utf8))
            }
            guard byte >= 0x20 else { throw failure("a control character in a key") }
            scan += 1
        }
        throw failure("unterminated key")
    }

    // MARK: bytes

    /// A failure at the reader's position (for a value that is well-formed but not what the caller expects).
    public var failure: Failure { Failure(offset: index) }

    /// A failure at the reader's position, saying what was wrong.
    public func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

    /// The failure for a required member the object did not have.
    public func missing(_ name: String) -> Failure { Failure(offset: index, reason: "missing field \(name)") }

    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth) levels") }
    }

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
        guard index < bytes.count else { throw failure("unexpected end") }
        return bytes[index]
    }

    private mutating func take() throws(Failure) -> UInt8 {
        let byte = try peek()
        index += 1
        return byte
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        let at = index
        guard try take() == byte else {
            throw Failure(offset: at, reason: "expected \(byte == UInt8(ascii: "\"") ? "a string" : "'\(Character(Unicode.Scalar(byte)))'")")
        }
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
