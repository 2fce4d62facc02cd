import MessagingProtocol
import Testing

@testable import MessageStore

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

    @Test func identifiersAreOneToAHundredCharacters() throws {
        try MessageValidator.identifier(String(repeating: "a", count: 100), name: "id")
        try MessageValidator.identifier(String(repeating: "é", count: 100), name: "id")  // 200 bytes, 100 characters
        #expect(throws: MessagingError.self) { try MessageValidator.identifier(String(repeating: "a", count: 101), name: "id") }
        #expect(throws: MessagingError.self) { try MessageValidator.identifier(String(repeating: "é", count: 101), name: "id") }
        #expect(throws: MessagingError.self) { try MessageValidator.identifier("", name: "id") }
    }
}
