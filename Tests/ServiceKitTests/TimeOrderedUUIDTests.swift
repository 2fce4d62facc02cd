import Foundation
import ServiceKit
import Testing

struct TimeOrderedUUIDTests {
    @Test func writesTheTimeThenTheRandomBitsAsAVersion7UUID() {
        // 2026-12-05 00:00:00 UTC = 1 796 428 800 000 ms = 0x01A2_4380_2000 (48 bits).
        var all = FixedWords([0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF])
        #expect(TimeOrderedUUID.make(milliseconds: 0x01A2_4380_2000, using: &all) == "01a24380-2000-7fff-bfff-ffffffffffff")
        var none = FixedWords([0, 0])
        #expect(TimeOrderedUUID.make(milliseconds: 0x01A2_4380_2000, using: &none) == "01a24380-2000-7000-8000-000000000000")
        // Only the time's low 48 bits are kept.
        var some = FixedWords([0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210])
        #expect(TimeOrderedUUID.make(milliseconds: 0xABCD_0000_0000_0001, using: &some) == "00000000-0001-7def-bedc-ba9876543210")
    }

    @Test func idsMadeInTurnSortInTurnAndParse() throws {
        var made = [String]()
        for _ in 0..<3 {
            made.append(TimeOrderedUUID.make())
            // The next millisecond: within one, the order of two ids is random.
            let start = Date.now
            while Date.now.timeIntervalSince(start) < 0.002 {}
        }
        #expect(made == made.sorted())
        let many = (0..<1000).map { _ in TimeOrderedUUID.make() }
        #expect(Set(many).count == many.count)
        for text in made + many.prefix(50) {
            let parsed = try #require(UUID(uuidString: text))
            #expect(parsed.uuidString.lowercased() == text)
            #expect(text.count == 36 && Array(text)[14] == "7" && "89ab".contains(Array(text)[19]))
        }
        // The time in the first 48 bits is now's.
        let digits = made[0].replacingOccurrences(of: "-", with: "").prefix(12)
        let milliseconds = try #require(UInt64(digits, radix: 16))
        #expect(abs(Double(milliseconds) / 1000 - Date.now.timeIntervalSince1970) < 60)
    }
}
