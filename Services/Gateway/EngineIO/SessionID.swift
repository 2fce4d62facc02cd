/// Random ids for sessions and sockets: 20 URL-safe characters (120 bits), like engine.io's `base64id`.
package enum SessionID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// A new id from the system's random source: two draws of 64 bits (each draw is a `getrandom`
    /// call on Linux; a draw per character cost twenty a socket, forty with its socket id).
    package static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    /// An id from `generator`'s next 128 bits: 6 bits a character, 60 from each draw.
    package static func make<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        let first: UInt64 = generator.next()
        let second: UInt64 = generator.next()
        return String(unsafeUninitializedCapacity: 20) { text in
            for index in 0..<20 {
                let word = index < 10 ? first : second
                text[index] = alphabet[Int(truncatingIfNeeded: word >> UInt64(6 * (index % 10))) & 63]
            }
            return 20
        }
    }
}
