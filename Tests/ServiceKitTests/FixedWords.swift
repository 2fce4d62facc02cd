/// A random number generator that hands out fixed words, for the UUID tests.
struct FixedWords: RandomNumberGenerator {
    var words: [UInt64]

    init(_ words: [UInt64]) { self.words = words }

    mutating func next() -> UInt64 { words.removeFirst() }
}
