/// A strict RFC 8259 JSON validator that returns the top-level ``JSONShape`` of a document.
///
/// Pure and allocation-light: it walks the UTF-8 bytes once, never builds a tree, and stops at
/// `maxDepth` levels of nesting so hostile input cannot exhaust the stack.
public struct JSONScanner {
    /// Why a text is not JSON.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong and where.
        public var reason: String
        public var description: String { "invalid JSON: \(reason)" }
    }

    /// The deepest nesting accepted.
    public static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0

    private init(_ text: Substring) { bytes = Array(text.utf8) }

    /// Validates `text` as one JSON document and returns its outline.
    public static func shape(of text: Substring) throws(Error) -> JSONShape {
        var scanner = JSONScanner(text)
        scanner.skipWhitespace()
        let shape = try scanner.topLevel()
        scanner.skipWhitespace()
        guard scanner.index == scanner.bytes.count else { throw scanner.fail("trailing characters") }
        return shape
    }

    /// Validates `text` as one JSON document and returns its outline.
    public static func shape(of text: String) throws(Error) -> JSONShape { try shape(of: text[...]) }

    // MARK: - Grammar

    private mutating func topLevel() throws(Error) -> JSONShape {
        guard let byte = peek() else { throw fail("empty document") }
        switch byte {
        case UInt8(ascii: "["):
            var elements = [String]()
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array([])
            }
            while true {
                skipWhitespace()
                let start = index
                try value(depth: 1)
                elements.append(String(decoding: bytes[start..<index], as: UTF8.self))
                skipWhitespace()
                guard let next = peek() else { throw fail("unterminated array") }
                index += 1
                if next == UInt8(ascii: "]") { return .array(elements) }
                guard next == UInt8(ascii: ",") else { throw fail("expected , or ] in array") }
            }
        case UInt8(ascii: "{"):
            let start = index
            try value(depth: 0)
            return .object(String(decoding: bytes[start..<index], as: UTF8.self))
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let start = index
            try value(depth: 0)
            switch bytes[start] {
            case UInt8(ascii: "t"): return .bool(true)
            case UInt8(ascii: "f"): return .bool(false)
            default: return .null
            }
        default:
            let start = index
            try number()
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }
    }

    private mutating func value(depth: Int) throws(Error) {
        guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        guard let byte = peek() else { throw fail("unexpected end") }
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                _ = try string()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw fail("expected :") }
                index += 1
                skipWhitespace()
                try value(depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw fail("unterminated object") }
                index += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw fail("expected , or } in object") }
            }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                try value(depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw fail("unterminated array") }
                index += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else { throw fail("expected , or ] in array") }
            }
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    private mutating func literal(_ word: String) throws(Error) {
        for expected in word.utf8 {
            guard peek() == expected else { throw fail("unknown literal") }
            index += 1
        }
    }

    private mutating func number() throws(Error) {
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), isDigit(first) else { throw fail("unexpected character") }
        index += 1
        if first != UInt8(ascii: "0") { while let byte = peek(), isDigit(byte) { index += 1 } }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let byte = peek(), isDigit(byte) else { throw fail("digit expected after .") }
            while let byte = peek(), isDigit(byte) { index += 1 }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek(), isDigit(digit) else { throw fail("digit expected in exponent") }
            while let byte = peek(), isDigit(byte) { index += 1 }
        }
    }

    /// Reads a string starting at its opening quote and returns it unescaped.
    private mutating func string() throws(Error) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var plainStart = index
        while true {
            guard let byte = peek() else { throw fail("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                let tail = String(decoding: bytes[plainStart..<index], as: UTF8.self)
                index += 1
                if scalars.isEmpty { return tail }
                scalars.append(contentsOf: tail.unicodeScalars)
                return String(scalars)
            }
            if byte < 0x20 { throw fail("control character in string") }
            if byte == UInt8(ascii: "\\") {
                scalars.append(contentsOf: String(decoding: bytes[plainStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                guard let escaped = peek() else { throw fail("unterminated escape") }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        // A high surrogate must be followed by an escaped low one.
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("lone surrogate")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("lone surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("lone surrogate") }
                    scalars.append(scalar)
                default: throw fail("unknown escape")
                }
                plainStart = index
                continue
            }
            index += 1
        }
    }

    private mutating func hex4() throws(Error) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("short \\u escape") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("bad \\u escape")
            }
            code = code << 4 | UInt32(digit)
            index += 1
        }
        return code
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func fail(_ reason: String) -> Error { Error(reason: "\(reason) at byte \(index)") }
}
