import JSONCoding
import SocketIO
import Testing

@Suite struct SocketIOCodecTests {
    // The examples of the Socket.IO protocol document (v5).
    @Test func connectPackets() throws {
        let main = try SocketIOPacketCodec.decode("0")
        #expect(main.type == .connect && main.namespace == "/" && main.data == nil)

        let admin = try SocketIOPacketCodec.decode("0/admin,{\"token\":\"123\"}")
        #expect(admin.type == .connect && admin.namespace == "/admin" && admin.data == "{\"token\":\"123\"}")
        #expect(SocketIOPacketCodec.encode(admin) == "0/admin,{\"token\":\"123\"}")

        let answer = SocketIOPacket(type: .connect, namespace: "/admin", data: "{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}")
        #expect(SocketIOPacketCodec.encode(answer) == "0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}")
    }

    @Test func connectErrorAndDisconnect() throws {
        let error = try SocketIOPacketCodec.decode("4/admin,{\"message\":\"Not authorized\"}")
        #expect(error.type == .connectError && error.namespace == "/admin")
        let disconnect = try SocketIOPacketCodec.decode("1/admin,")
        #expect(disconnect.type == .disconnect && disconnect.namespace == "/admin" && disconnect.data == nil)
        #expect(SocketIOPacketCodec.encode(disconnect) == "1/admin,")
    }

    @Test func eventsAndAcks() throws {
        let foo = try SocketIOPacketCodec.decode("2[\"foo\"]")
        #expect(foo.eventName == "foo" && foo.arguments.isEmpty && foo.ackId == nil)

        let bar = try SocketIOPacketCodec.decode("2/admin,[\"bar\"]")
        #expect(bar.namespace == "/admin" && bar.eventName == "bar")

        let withAck = try SocketIOPacketCodec.decode("212[\"foo\"]")
        #expect(withAck.ackId == 12 && withAck.eventName == "foo")

        let ack = try SocketIOPacketCodec.decode("3/admin,13[\"bar\"]")
        #expect(ack.type == .ack && ack.ackId == 13 && ack.arguments == ["\"bar\""])

        let send = try SocketIOPacketCodec.decode("2/messaging,7[\"send-message\",{\"conversationId\":\"c1\",\"content\":\"Bonjour!\"},3]")
        #expect(send.eventName == "send-message")
        #expect(send.arguments == ["{\"conversationId\":\"c1\",\"content\":\"Bonjour!\"}", "3"])

        #expect(SocketIOPacketCodec.encodeEvent(namespace: "/messaging", name: "new-message", arguments: ["{\"a\":1}"])
            == "2/messaging,[\"new-message\",{\"a\":1}]")
        #expect(SocketIOPacketCodec.encodeAck(namespace: "/messaging", ackId: 4, arguments: ["{\"ok\":true}"])
            == "3/messaging,4[{\"ok\":true}]")
        #expect(SocketIOPacketCodec.encodeEvent(namespace: "/", name: "x", arguments: [], ackId: 9) == "29[\"x\"]")
    }

    @Test func binaryEventAndAckWithAttachments() throws {
        var assembler = SocketIOPacketAssembler()
        #expect(try assembler.receive(text: "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]") == nil)
        let event = try #require(try assembler.receive(binary: [1, 2, 3]))
        #expect(event.type == .binaryEvent && event.eventName == "baz" && event.attachments == [[1, 2, 3]])

        #expect(try assembler.receive(text: "62-/admin,15[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]") == nil)
        #expect(try assembler.receive(binary: [4]) == nil)
        let ack = try #require(try assembler.receive(binary: [5]))
        #expect(ack.type == .binaryAck && ack.namespace == "/admin" && ack.ackId == 15 && ack.attachments == [[4], [5]])
        #expect(SocketIOPacketCodec.encode(ack) == "62-/admin,15[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")
    }

    @Test func assemblerRefusesOutOfOrderMessages() throws {
        var assembler = SocketIOPacketAssembler()
        #expect(throws: SocketIODecodingError.self) { try assembler.receive(binary: [1]) }
        _ = try assembler.receive(text: "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]")
        #expect(throws: SocketIODecodingError.self) { try assembler.receive(text: "2[\"foo\"]") }
    }

    @Test(arguments: [
        "", "7", "x", "2", "2{}", "2[]", "2[1", "2[\"connect\"]", "2[\"disconnect\",1]", "2[{}]", "0\"str\"", "1/admin,{}",
        "3/admin,1{}", "4[1]", "5-[\"a\"]", "5x-[\"a\"]", "511-[\"a\"]", "2[\"a\"]x", "2/a,1234567890123456[\"a\"]",
        "2[\"a\",tru]", "2[\"a\",01]", "2[\"a\",\"\\x\"]", "2[\"a\",\"\\ud800\"]",
    ])
    func malformedPacketsAreRefused(text: String) {
        #expect(throws: SocketIODecodingError.self) { try SocketIOPacketCodec.decode(text) }
    }

    @Test func numericEventNamesAreAccepted() throws {
        #expect(try SocketIOPacketCodec.decode("2[42,\"x\"]").arguments == ["\"x\""])
    }

    @Test func everyPrefixOfAValidPacketDecodesOrFailsCleanly() {
        let text = "2/messaging,12[\"send-message\",{\"content\":\"é \\\"q\\\" \\u00e9 \\ud83d\\ude00\",\"n\":[1.5e3,-0,true,null]}]"
        #expect((try? SocketIOPacketCodec.decode(text)) != nil)
        for end in text.indices.dropLast() {
            _ = try? SocketIOPacketCodec.decode(String(text[..<end]))
        }
    }

    @Test func deepNestingIsRefusedWithoutExhaustingTheStack() {
        let deep = "2[\"a\"," + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]"
        #expect(throws: SocketIODecodingError.self) { try SocketIOPacketCodec.decode(deep) }
    }

    @Test func stringsAreUnescaped() throws {
        #expect(try JSONShape(validating: "\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"") == .string("a\"b\\c\né😀"))
        #expect(SocketIOPacketCodec.quoted("a\"b\\c\n\u{01}é") == "\"a\\\"b\\\\c\\n\\u0001é\"")
        #expect(try JSONShape(validating: SocketIOPacketCodec.quoted("x\u{1f}\"y")) == .string("x\u{1f}\"y"))
    }

    @Test func randomTextNeverCrashesTheDecoder() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456-/,[]{}\":tfnule\\.ab ")
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...30, using: &generator)
            let text = String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
            _ = try? SocketIOPacketCodec.decode(text)
        }
    }
}
