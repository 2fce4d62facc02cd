import Foundation
import Testing

@testable import MessagingProtocol

/// The hand reader reads every envelope exactly as JSONDecoder does, and leaves to it what it cannot read.
@Suite struct JSONReaderTests {
    static let people = [
        UserSummary(id: "u1", firstName: "Alice", role: .client),
        UserSummary(id: "s1", firstName: "Zoé", lastName: "O'Neil", salonName: "Encre \"Noire\"", image: "https://x/y.png", role: .salon, email: "z@x.fr"),
    ]
    static let commands: [StoreCommand] = [
        .joinConversation(ConversationRef(conversationId: "c1")),
        .sendMessage(SendMessageRequest(conversationId: "c1", content: "Bonjour\n\"!\" \\ / é 😀 \u{1} \u{2028}")),
        .sendMessage(SendMessageRequest(
            conversationId: "c2", content: "",
            attachments: [Attachment(id: "a1", url: "https://cdn/x.jpg", fileName: "x.jpg", fileSize: 1234), Attachment(id: "a2", url: "http://y", fileName: "y", fileSize: 0)],
            clientMessageId: "k1")),
        .markAsRead(MarkAsReadRequest(messageId: "m1")),
        .markConversationAsRead(ConversationRef(conversationId: "c3")),
        .unreadCount,
    ]

    /// The hand reader's envelope, failing the test where it gives up.
    func handRead(_ json: String) throws -> CommandEnvelope {
        try JSONReader.read(json) { reader throws(JSONReader.Failure) in try CommandEnvelope(reading: &reader) }
    }

    @Test func readsWhatTheEncoderWritesAsJSONDecoderDoes() throws {
        for actor in Self.people {
            for command in Self.commands {
                for replyTo in ["gateway-1", nil] {
                    let envelope = CommandEnvelope(requestId: "r-\(UUID())", replyTo: replyTo, issuedAt: Date(), actor: actor, command: command)
                    let json = try MessagingJSON.encodeString(envelope)
                    let decoded = try MessagingJSON.decode(CommandEnvelope.self, from: Data(json.utf8))
                    #expect(throws: Never.self, "\(json)") { try handRead(json) }
                    #expect(try handRead(json) == decoded, "\(json)")
                    #expect(try CommandEnvelope.read(streamFields: Dictionary(uniqueKeysWithValues: try envelope.streamFields())) == decoded)
                }
            }
        }
    }

    @Test func readsEscapesNullsWhiteSpaceAndUnknownKeys() throws {
        let json = """
             { "v" : 1, "extra": {"a": [1, -2, true, false, null, {"b": "c"}], "d": []}, "requestId": "r\\u00e9\\/\\ud83d\\ude00\\n",
               "replyTo": null, "issuedAt": "2026-12-02T06:00:00.000Z",
               "actor": {"id": "u1", "role": "CLIENT", "firstName": null, "email": "a@b"},
               "command": {"type": "send-message", "payload": {"conversationId": "c1", "content": "\\"hi\\"\\t", "attachments": null}} }
            """
        let envelope = try handRead(json)
        #expect(envelope == (try MessagingJSON.decode(CommandEnvelope.self, from: Data(json.utf8))))
        #expect(envelope.requestId == "ré/😀\n" && envelope.replyTo == nil && envelope.actor.email == "a@b")
        #expect(envelope.command == .sendMessage(SendMessageRequest(conversationId: "c1", content: "\"hi\"\t")))
    }

    @Test(arguments: [
        #"{"v": 1.0}"#,  // not an integer
        #"{"v": 1e0}"#,
        #"{"v": 01}"#,
        #"{"re\u0071uestId": "r"}"#,  // an escaped key
        #"{"v": 1, "v": 1}"#,  // a repeated key
        "{\"requestId\": \"a\u{1}b\"}",  // a control character
        #"{} x"#,  // after the document
        #"{"v": 1,}"#,
    ])
    func givesUpOnWhatItDoesNotRead(json: String) {
        #expect(throws: JSONReader.Failure.self) { try handRead(json) }
    }

    @Test func readsKeysInAnyOrderAndLeavesErrorsToJSONDecoder() throws {
        // Keys in any order; a payload before its type.
        let json = """
            {"command": {"payload": {"content": "x", "conversationId": "c1"}, "type": "send-message"}, "actor": {"role": "SALON", "id": "s1"},
             "issuedAt": "2026-12-02T06:00:00Z", "requestId": "r1", "v": 1}
            """
        #expect(try handRead(json) == (try MessagingJSON.decode(CommandEnvelope.self, from: Data(json.utf8))))
        let envelope = try CommandEnvelope.read(streamFields: ["v": "1", "type": "send-message", "data": json])
        #expect(envelope.command == .sendMessage(SendMessageRequest(conversationId: "c1", content: "x")) && envelope.actor.role == .salon)
        // What neither reads is an error, as before.
        #expect(throws: EnvelopeError.self) { try CommandEnvelope.read(streamFields: ["v": "1", "data": #"{"v": 1, "command": {"type": "user-typing"}}"#]) }
        #expect(throws: EnvelopeError.self) { try CommandEnvelope.read(streamFields: ["v": "2", "data": "{}"]) }
    }
}
