import MessagingProtocol
import Testing

@Suite struct ConversationVersionTests {
    @Test func readsWhatItWrites() {
        let version = ConversationVersion(seq: 42, changes: 7)
        #expect(version.description == "42.7" && ConversationVersion("42.7") == version)
        #expect(ConversationVersion("0.0") == .start)
    }

    @Test(arguments: ["", "1", "1.", ".1", "1.2.3", "-1.0", "a.b", "1.٣", "1 .2", "99999999999999999999.0"])
    func refusesAnythingElse(text: String) {
        #expect(ConversationVersion(text) == nil)
    }
}
