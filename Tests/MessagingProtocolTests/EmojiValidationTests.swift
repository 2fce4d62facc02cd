import MessagingProtocol
import Testing

@Suite struct EmojiValidationTests {
    @Test(arguments: ["👍", "🔥", "❤️", "👍🏽", "👩‍👩‍👧‍👦", "🇫🇷", "1️⃣", "🏳️‍🌈", "☕", "✨", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"])
    func oneEmojiIsAccepted(emoji: String) {
        #expect(MessageValidator.isEmoji(emoji), "\(emoji)")
    }

    @Test(arguments: ["", "a", "1", "#", "❤", "©", "👍👍", "👍 ", "ok", "<3", "\u{200D}", "\u{FE0F}", "é"])
    func anythingElseIsRefused(text: String) {
        #expect(!MessageValidator.isEmoji(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(throws: MessagingError.self) { try MessageValidator.validate(ReactionRequest(messageId: "m1", emoji: text)) }
    }
}
