/// A parsed `redis://[[user]:password@]host[:port][/db]` URL.
struct RedisURL: Hashable {
    var host: String
    var port: Int
    var username: String?
    var password: String?
    var database: Int

    init(_ text: String) throws(RedisClientError) {
        func invalid(_ why: String) -> RedisClientError {
            RedisClientError(
                .invalidConfiguration,
                message: "invalid Redis URL (\(why)); expected redis://[:password@]host[:port][/db]")
        }
        guard text.hasPrefix("redis://") else { throw invalid("it must start with redis://") }
        var rest = Substring(text.dropFirst("redis://".count))
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = String(credentials[..<colon])
                username = user.isEmpty ? nil : try Self.percentDecoded(user, invalid("bad escape in user"))
                password = try Self.percentDecoded(String(credentials[credentials.index(after: colon)...]), invalid("bad escape in password"))
            } else {
                password = try Self.percentDecoded(String(credentials), invalid("bad escape in password"))
            }
        }
        var databaseText: Substring?
        if let slash = rest.firstIndex(of: "/") {
            databaseText = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("unclosed IPv6 bracket") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            port = 6379
            if rest.hasPrefix(":") {
                guard let value = Int(rest.dropFirst()) else { throw invalid("bad port") }
                port = value
            } else if !rest.isEmpty {
                throw invalid("unexpected text after the host")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let value = Int(rest[rest.index(after: colon)...]) else { throw invalid("bad port") }
            port = value
        } else {
            host = String(rest)
            port = 6379
        }
        guard !host.isEmpty else { throw invalid("no host") }
        guard (1...65535).contains(port) else { throw invalid("port out of range") }
        if let databaseText, !databaseText.isEmpty {
            guard let value = Int(databaseText), value >= 0 else { throw invalid("bad database number") }
            database = value
        } else {
            database = 0
        }
    }

    private static func percentDecoded(_ text: String, _ error: RedisClientError) throws(RedisClientError) -> String {
        var bytes = [UInt8]()
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { throw error }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
