import Foundation
import JSONCoding
import Testing

@testable import MessagingProtocol

/// Every envelope reads back exactly what it wrote; what is not the expected document is a failure
/// that says why.
@Suite struct JSONReaderTests {
    static let people = [
        UserSummary(id: "u1", firstName: "Alice", role: .client),
        UserSummary(id: "s1", firstName: "Zoé", lastName: "O'Neil", salonName: "Encre \"Noire\"", image: "https://x/y.png", role: .salon, email: "z@x.fr"),
    ]
    static let commands: [StoreCommand] = [
        .joinConversation(JoinConversationRequest(conversationId: "c1")), .joinConversation(JoinConversationRequest(conversationId: "c1", afterSeq: 42)),
        .sendMessage(SendMessageRequest(conversationId: "c1", content: "Bonjour\n\"!\" \\ / é 😀 \u{1} \u{2028}")),
        .sendMessage(SendMessageRequest(
            conversationId: "c2", content: "",
            attachments: [Attachment(id: "a1", url: "https://cdn/x.jpg", fileName: "x.jpg", fileSize: 1234), Attachment(id: "a2", url: "http://y", fileName: "y", fileSize: 0)],
            clientMessageId: "k1")),
        .markAsRead(MarkAsReadRequest(messageId: "m1")),
        .markConversationAsRead(ConversationRef(conversationId: "c3")),
        .unreadCount,
    ]

    @Test func readsBackWhatItWritesAndFoundationParsesIt() throws {
        for actor in Self.people {
            for command in Self.commands {
                for replyTo in ["gateway-1", nil] {
                    let envelope = CommandEnvelope(
                        requestId: "r-\(UUID())", replyTo: replyTo, issuedAt: Date(timeIntervalSince1970: 1_764_090_229.123), actor: actor, command: command)
                    let json = envelope.jsonString
                    #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is NSDictionary, "\(json)")
                    #expect(try CommandEnvelope(json: json) == envelope, "\(json)")
                    #expect(try CommandEnvelope(streamFields: Dictionary(uniqueKeysWithValues: envelope.streamFields())) == envelope)
                }
            }
        }
    }

    @Test func readsEscapesEscapedKeysNullsWhiteSpaceAndUnknownMembers() throws {
        let json = """
             { "v" : 1, "extra": {"a": [1.5e3, -2, true, false, null, {"b": "c"}], "d": []}, "requestId": "r\\u00e9\\/\\ud83d\\ude00\\n",
               "replyTo": null, "issuedAt": "2026-12-02T06:00:00.000Z",
               "act\\u006fr": {"id": "u1", "role": "CLIENT", "firstName": null, "email": "a@b"},
               "command": {"type": "send-message", "payload": {"conversationId": "c1", "content": "\\"hi\\"\\t", "attachments": null}} }
            """
        let envelope = try CommandEnvelope(json: json)
        #expect(envelope.requestId == "ré/😀\n" && envelope.replyTo == nil && envelope.actor.email == "a@b" && envelope.actor.firstName == nil)
        #expect(envelope.command == .sendMessage(SendMessageRequest(conversationId: "c1", content: "\"hi\"\t")))
    }

    @Test(arguments: [
        (#"{"v": 1.0}"#, "expected an integer"),
        (#"{"v": 1e0}"#, "expected an integer"),
        (#"{"v": 01}"#, "expected an integer"),
        (#"{"v": 1, "v": 1}"#, #"repeated key "v""#),
        (#"{"v": 1, "\u0076": 1}"#, #"repeated key "v""#),
        ("{\"requestId\": \"a\u{1}b\"}", "unexpected input"),
        (#"{"v": 1,}"#, "expected a key"),
        (#"{"v": 1}"#, "missing field requestId"),
        (#"{"v": 1, "requestId": 7}"#, "expected a string"),
        (#"{"v": 1, "requestId": "r", "issuedAt": "yesterday"}"#, #"expected an ISO 8601 date-time, got "yesterday""#),
    ])
    func failsSayingWhy(json: String, reason: String) {
        do {
            _ = try CommandEnvelope(json: json)
            Issue.record("read \(json)")
        } catch {
            #expect(error.reason == reason, "\(json)")
        }
    }

    @Test func unknownMembersAreValidatedToo() throws {
        let deep = #"{"conversationId":"c","x":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        #expect(throws: JSONReader.Failure.self) { try ConversationRef(json: deep) }
        for number in [".5", "+1", "1.", "01", "1e", "-"] {
            #expect(throws: JSONReader.Failure.self, "\(number)") { try ConversationRef(json: #"{"conversationId":"c","x":\#(number)}"#) }
        }
        #expect(try ConversationRef(json: #"{"conversationId":"c","x":[-0.5e+3, 0, 1E2]}"#).conversationId == "c")
    }

    @Test func nothingButWhiteSpaceMayFollowTheDocument() throws {
        #expect(try ConversationRef(json: " {\"conversationId\":\"c\"}\n ") == ConversationRef(conversationId: "c"))
        do {
            _ = try ConversationRef(json: #"{"conversationId":"c"} x"#)
            Issue.record("read text after the document")
        } catch {
            #expect(error.reason == "unexpected text after the document")
        }
    }

    @Test func readsKeysInAnyOrderAndRefusesWhatIsNotACommand() throws {
        // Keys in any order; a payload before its type.
        let json = """
            {"command": {"payload": {"content": "x", "conversationId": "c1"}, "type": "send-message"}, "actor": {"role": "SALON", "id": "s1"},
             "issuedAt": "2026-12-02T06:00:00Z", "requestId": "r1", "v": 1}
            """
        let envelope = try CommandEnvelope(streamFields: ["v": "1", "type": "send-message", "data": json])
        #expect(envelope.command == .sendMessage(SendMessageRequest(conversationId: "c1", content: "x")) && envelope.actor.role == .salon)
        #expect(throws: EnvelopeError.self) { try CommandEnvelope(streamFields: ["v": "1", "data": #"{"v": 1, "command": {"type": "user-typing"}}"#]) }
        #expect(throws: EnvelopeError.self) { try CommandEnvelope(streamFields: ["v": "2", "data": "{}"]) }
    }
}
