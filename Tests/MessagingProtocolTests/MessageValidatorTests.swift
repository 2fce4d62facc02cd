import Testing

@testable import MessagingProtocol

struct MessageValidatorTests {
    @Test(arguments: [
        ("Bonjour", "Bonjour"), ("  Bonjour  ", "Bonjour"), ("\nBonjour", "Bonjour"), ("Bonjour\t", "Bonjour"),
        ("\u{00A0}Bonjour\u{3000}", "Bonjour"), ("a  b", "a  b"), ("é", "é"),
    ])
    func contentIsTrimmedOfWhiteSpaceAtEitherEnd(content: String, stored: String) throws {
        #expect(try MessageValidator.validate(content: content, attachments: []) == stored)
    }

    @Test(arguments: ["", " ", "\n\t ", "\u{00A0}"])
    func blankContentIsRefused(content: String) {
        #expect(throws: MessagingError.self) { try MessageValidator.validate(content: content, attachments: []) }
    }

    @Test func identifiersAreOneToAHundredBytesWithoutControlCharacters() throws {
        try MessageValidator.identifier(String(repeating: "a", count: 100), name: "id")
        try MessageValidator.identifier(String(repeating: "é", count: 50), name: "id")  // 100 bytes
        #expect(throws: MessagingError.self) { try MessageValidator.identifier(String(repeating: "a", count: 101), name: "id") }
        #expect(throws: MessagingError.self) { try MessageValidator.identifier(String(repeating: "é", count: 51), name: "id") }
        #expect(throws: MessagingError.self) { try MessageValidator.identifier("", name: "id") }
        for bad in ["a\u{0}b", "\u{0}", "a\nb", "tab\t", "del\u{7F}"] {
            #expect(throws: MessagingError.self, "\(bad.debugDescription)") { try MessageValidator.identifier(bad, name: "id") }
        }
    }

    @Test func everyStringOfASendIsCheckedBeforeTheDatabaseSeesIt() {
        func refused(_ request: SendMessageRequest) -> String? {
            do {
                _ = try MessageValidator.validate(request)
                return nil
            } catch {
                return error.code == .validationFailed ? error.message : "\(error)"
            }
        }
        let good = Attachment(id: "a1", url: "https://cdn.example/a.png", fileName: "a.png", fileSize: 10)
        #expect(refused(SendMessageRequest(conversationId: "c1", content: "ok", attachments: [good], clientMessageId: "k1")) == nil)
        #expect(refused(SendMessageRequest(conversationId: "c\u{0}1", content: "ok"))?.hasPrefix("conversationId") == true)
        #expect(refused(SendMessageRequest(conversationId: "c1", content: "ok", clientMessageId: String(repeating: "k", count: 101)))?
            .hasPrefix("clientMessageId") == true)
        #expect(refused(SendMessageRequest(conversationId: "c1", content: "a\u{0}b")) == "content contains a NUL character")
        #expect(refused(SendMessageRequest(conversationId: "c1", content: String(repeating: "x", count: 1_000_000)))?.hasPrefix("content is longer") == true)
        // An attachment is named by its upload's id; what else a client says is not used.
        var named = good
        named.url = "javascript:alert(1)"
        named.fileName = "a\u{0}.png"
        #expect(refused(SendMessageRequest(conversationId: "c1", content: "", attachments: [named])) == nil)
        var bad = good
        bad.id = String(repeating: "i", count: 101)
        #expect(refused(SendMessageRequest(conversationId: "c1", content: "", attachments: [bad])) == "attachment id is invalid")
        #expect(refused(SendMessageRequest(conversationId: "c1", content: "", attachments: [good, good])) == "attachment \(good.id) is named twice")
    }
}
