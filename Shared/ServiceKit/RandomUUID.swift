/// Random (version 4) UUIDs as lowercase text, drawn from the system's random source.
///
/// Foundation's `UUID()` on Linux opens and reads `/dev/urandom` for each one (about 4 µs an id,
/// a thousand per batch of messages); this takes 16 bytes from `getrandom` and writes the text
/// itself (under 1 µs).
public enum RandomUUID {
    private static let digits = Array("0123456789abcdef".utf8)

    /// A new random UUID, lowercase: `9fb1ccbb-20c0-412d-8a75-be94be61c8d2`.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    /// A UUID from `generator`'s next 128 bits, with the version (4) and variant (10) bits set.
    public static func make<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        let high = (generator.next() as UInt64) & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = (generator.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return text(high: high, low: low)
    }

    /// The UUID of 128 bits (`high` first) as lowercase text with its four hyphens.
    static func text(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            var index = 0
            // Hyphens before the 9th, 13th, 17th and 21st digit.
            for position in 0..<32 {
                if position == 8 || position == 12 || position == 16 || position == 20 {
                    text[index] = UInt8(ascii: "-")
                    index += 1
                }
                let word = position < 16 ? high : low
                text[index] = digits[Int(truncatingIfNeeded: word >> UInt64(60 - 4 * (position % 16))) & 0xF]
                index += 1
            }
            return index
        }
    }
}
