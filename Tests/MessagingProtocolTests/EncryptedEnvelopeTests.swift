import MessagingProtocol
import Testing

/// The envelope of an end-to-end encrypted message: its shape and size only.
@Suite struct EncryptedEnvelopeTests {
    static let good = #"{"v":1,"from":"ana-phone","ciphertexts":{"bo-laptop":"q83vEjRWeJA","bo-phone":"AAECAwQ-_w"}}"#

    @Test func aWellFormedEnvelopePasses() throws {
        try EncryptedEnvelope.validate(Self.good)
        #expect(EncryptedEnvelope.looksLike(Self.good))
        #expect(!EncryptedEnvelope.looksLike("Bonjour"))
    }

    @Test(arguments: [
        #"{"v":2,"ciphertexts":{"d":"AA"}}"#, #"{"v":1,"ciphertexts":{}}"#, #"{"v":1,"ciphertexts":{"d":"not base64!"}}"#,
        #"{"v":1,"ciphertexts":{"d":"AA"},"text":"en clair"}"#, #"{"v":1,"ciphertexts":{"d":1}}"#, #"{"ciphertexts":{"d":"AA"}}"#,
        #"{"v":1,"ciphertexts":{"d":"AA"}} trailing"#, "Bonjour", #"{"v":1,"ciphertexts":{"d":"AA","d":"BB"}}"#,
    ])
    func anythingElseIsRefused(content: String) {
        #expect(throws: MessagingError.self) { try EncryptedEnvelope.validate(content) }
    }

    @Test func anEnvelopeMayBeLongerThanTextButNotUnbounded() throws {
        let many = (0..<150).map { "\"device-\($0)\":\"\(String(repeating: "A", count: 300))\"" }.joined(separator: ",")
        let long = #"{"v":1,"from":"a","ciphertexts":{"# + many + "}}"
        #expect(long.utf8.count > 10_000 && long.utf8.count < EncryptedEnvelope.maximumBytes)
        try EncryptedEnvelope.validate(long)
        #expect(try MessageValidator.validate(content: long, attachments: []) == long, "the gateway lets it through to the store")
        let tooMany = (0..<201).map { "\"d\($0)\":\"AA\"" }.joined(separator: ",")
        #expect(throws: MessagingError.self) { try EncryptedEnvelope.validate(#"{"v":1,"ciphertexts":{"# + tooMany + "}}") }
        let huge = #"{"v":1,"ciphertexts":{"d":""# + String(repeating: "A", count: 70_000) + #""}}"#
        #expect(!EncryptedEnvelope.looksLike(huge))
        #expect(throws: MessagingError.self) { try MessageValidator.validate(content: huge, attachments: []) }
    }
}
