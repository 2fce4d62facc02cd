import Foundation
import ServiceKit
import Testing

struct RandomUUIDTests {
    @Test func writesTheBitsAsAVersion4UUID() {
        var all = FixedWords([0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF])
        #expect(RandomUUID.make(using: &all) == "ffffffff-ffff-4fff-bfff-ffffffffffff")
        var none = FixedWords([0, 0])
        #expect(RandomUUID.make(using: &none) == "00000000-0000-4000-8000-000000000000")
        var mixed = FixedWords([0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210])
        #expect(RandomUUID.make(using: &mixed) == "01234567-89ab-4def-bedc-ba9876543210")
    }

    @Test func systemUUIDsParseAndDiffer() throws {
        let made = (0..<1000).map { _ in RandomUUID.make() }
        #expect(Set(made).count == made.count)
        for text in made.prefix(50) {
            let parsed = try #require(UUID(uuidString: text))
            #expect(parsed.uuidString.lowercased() == text)
            #expect(text.count == 36 && Array(text)[14] == "4" && "89ab".contains(Array(text)[19]))
        }
    }
}
