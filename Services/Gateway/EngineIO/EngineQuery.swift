import Foundation

/// The query of an Engine.IO request: `EIO`, `transport` and `sid`.
///
/// Read as bytes (a request target is ASCII, percent-encoded): splitting a `String` by `Character`
/// and Foundation's percent decoding were a few percent of a gateway's CPU per connecting socket.
/// A value is percent-decoded only when it holds a `%`.
struct EngineQuery: Sendable, Hashable {
    var eio: String?
    var transport: String?
    var sid: String?

    /// Reads the query part of a request target (`/socket.io/?EIO=4&transport=polling&sid=…`).
    init(target: String) {
        let bytes = target.utf8
        guard let questionMark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return }
        for pair in bytes[bytes.index(after: questionMark)...].split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = pair[..<(equals ?? pair.endIndex)]
            let value = equals.map { Self.decoded(pair[pair.index(after: $0)...]) } ?? ""
            if name.elementsEqual("EIO".utf8) {
                eio = value
            } else if name.elementsEqual("transport".utf8) {
                transport = value
            } else if name.elementsEqual("sid".utf8) {
                sid = value
            }
        }
    }

    /// Whether `target`'s path is the Engine.IO path.
    static func isEnginePath(_ target: String) -> Bool {
        let bytes = target.utf8
        let path = bytes[..<(bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex)]
        return path.elementsEqual("/socket.io/".utf8) || path.elementsEqual("/socket.io".utf8)
    }

    private static func decoded(_ bytes: Substring.UTF8View) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(UInt8(ascii: "%")) else { return text }
        return text.removingPercentEncoding ?? text
    }
}
