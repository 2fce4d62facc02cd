import Foundation
import JSONCoding
import MessagingProtocol
import Testing

/// What the writer writes is JSON that an independent parser (Foundation's) reads back to the same
/// values, for every awkward text.
@Suite struct JSONWriterTests {
    static let awkwardTexts = [
        "Bonjour!", "", "quote \" backslash \\ slash / done", "lines\nand\ttabs\r\u{8}\u{C}", "control \u{1} \u{1F} \u{7F}",
        "accents éàü, emoji 🐉🖋️, CJK 刺青", "\u{2028}\u{2029}", "<script>alert('x')</script>",
    ]

    @Test(arguments: awkwardTexts)
    func messagesEncodeExactlyAsTheContractEncoder(content: String) throws {
        let messages = [
            MessagingMessage(
                id: "m1", conversationId: "c1", seq: 42, content: content, senderId: "u1", type: .user, isRead: false,
                createdAt: Date(timeIntervalSince1970: 1_764_090_229.123), sender: UserSummary(id: "u1", firstName: content, role: .client)),
            MessagingMessage(
                id: "m2", conversationId: "c2", seq: 1, content: content, senderId: "system", type: .system, isRead: true,
                readAt: Date(timeIntervalSince1970: 1_764_090_230.5), createdAt: Date(timeIntervalSince1970: 0),
                attachments: [
                    Attachment(id: "a1", url: "https://cdn.example/x/\(content).png", fileName: content, fileSize: 123_456),
                    Attachment(id: "a2", url: "u", fileName: "f", fileSize: 0),
                ],
                clientMessageId: "k-\(content)",
                sender: UserSummary(id: "s1", firstName: "A", lastName: "B", salonName: content, image: "https://i/1.png", role: .salon, email: "s@x.test")),
        ]
        for message in messages {
            let written = try #require(try JSONSerialization.jsonObject(with: Data(message.encodedJSON.utf8)) as? NSDictionary)
            #expect(written["content"] as? String == content, "\(message.encodedJSON)")
            #expect((written["sender"] as? NSDictionary)?["id"] as? String == message.sender.id)
            #expect(written["seq"] as? Int == message.seq)
            #expect(written["readAt"] == nil || message.readAt != nil, "absent members are left out")
            #expect(message.encodedJSON.hasPrefix(#"{"id":"\#(message.id)","conversationId":"#))
            #expect(try MessagingMessage(json: message.encodedJSON) == message)
        }
    }

    @Test func headersAndRecipientsReadBackWhatTheyWrite() throws {
        func same<Value: JSONReadable & JSONWritable & Equatable>(_ value: Value) throws -> Bool {
            _ = try JSONSerialization.jsonObject(with: Data(value.writtenJSON))
            return try Value(json: value.writtenJSON) == value
        }
        #expect(try same(BroadcastHeader(event: "new-message", origin: "gw-\"1\"", seq: 7)))
        #expect(try same(BroadcastHeader(event: "user-typing", exceptSocketId: "s\n1")))
        #expect(try same(CommandReplyHeader(requestId: "r1")))
        #expect(try same(CommandReplyHeader(requestId: "r2", error: MessagingError(.notFound, "conversation \"x\" not found"))))
        #expect(try same(RecipientUnread(userId: "u1", totalUnread: 3, conversationUnread: 2)))
        // And the framed envelope still reads back what it wrote.
        let envelope = BroadcastEnvelope(header: BroadcastHeader(event: "new-message", origin: "a", seq: 3), body: "{\"x\":1}")
        let decoded = try BroadcastEnvelope(decoding: envelope.encoded())
        #expect(decoded.header == envelope.header && decoded.body == envelope.body)
    }

    @Test func writerSeparatesMembersAndValues() {
        var writer = JSONWriter()
        writer.object { json in
            json.key("a"); json.value(1)
            json.member("skipped", String?.none)
            json.key("b"); json.array { list in list.value("x"); list.value(true); list.raw("{\"r\":null}") }
            json.member("c", "y")
        }
        #expect(writer.string == #"{"a":1,"b":["x",true,{"r":null}],"c":"y"}"#)
        var spliced = JSONWriter()
        spliced.object { json in
            json.key("ok"); json.value(true)
            json.members(ofObject: " { \"m\" : [1] }\n")
            json.members(ofObject: "{ }")
            json.members(ofObject: "[1]")
            json.member("n", 2)
        }
        #expect(spliced.string == #"{"ok":true,"m" : [1],"n":2}"#)
    }
}
