import Testing

@testable import EngineIO

@Suite struct SessionIDTests {
    /// Hands out the given words, in turn, and counts the draws.
    struct Words: RandomNumberGenerator {
        var words: [UInt64]
        var draws = 0

        mutating func next() -> UInt64 {
            defer { draws += 1 }
            return words[draws % words.count]
        }
    }

    @Test func anIdIsTwentyURLSafeCharactersFromTwoDraws() {
        var generator = Words(words: [0, UInt64.max])
        let id = SessionID.make(using: &generator)
        #expect(id == String(repeating: "A", count: 10) + String(repeating: "_", count: 10))
        #expect(generator.draws == 2)
    }

    @Test func eachCharacterTakesItsOwnSixBits() {
        // Character i of a word is bits 6i..<6i+6: the values 0...9 spell "ABCDEFGHIJ".
        let ascending = (0..<10).reduce(UInt64(0)) { $0 | UInt64($1) << UInt64(6 * $1) }
        var generator = Words(words: [ascending])
        #expect(SessionID.make(using: &generator) == "ABCDEFGHIJABCDEFGHIJ")
    }

    @Test func idsFromTheSystemSourceDiffer() {
        let ids = (0..<1000).map { _ in SessionID.make() }
        #expect(Set(ids).count == 1000)
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(ids.allSatisfy { $0.count == 20 && $0.allSatisfy(alphabet.contains) })
    }
}
