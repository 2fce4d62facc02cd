import Foundation
import MessagingProtocol
import Testing

@Suite struct EnvelopeTests {
    let actor = UserSummary(id: "u1", firstName: "Alice", role: .client)

    @Test func commandEnvelopeRoundTripsThroughStreamFields() throws {
        let commands: [StoreCommand] = [
            .joinConversation(JoinConversationRequest(conversationId: "c1")),
            .sendMessage(SendMessageRequest(conversationId: "c1", content: "Bonjour\n\"!\"", clientMessageId: "k1")),
            .markAsRead(MarkAsReadRequest(messageId: "m1")),
            .markConversationAsRead(ConversationRef(conversationId: "c1")),
        ]
        for command in commands {
            let envelope = CommandEnvelope(
                requestId: "r1", replyTo: "gateway-a", issuedAt: Date(timeIntervalSince1970: 1_764_090_229.123), actor: actor, command: command)
            let fields = envelope.streamFields()
            #expect(fields.map(\.0) == ["v", "type", "data"])
            #expect(fields[1].1 == command.name)
            let decoded = try CommandEnvelope(streamFields: Dictionary(uniqueKeysWithValues: fields))
            #expect(decoded == envelope)
        }
    }

    @Test func unknownVersionsAndGarbageAreEnvelopeErrors() throws {
        #expect(throws: EnvelopeError.self) { try CommandEnvelope(streamFields: ["v": "2", "data": "{}"]) }
        #expect(throws: EnvelopeError.self) { try CommandEnvelope(streamFields: ["v": "1"]) }
        #expect(throws: EnvelopeError.self) { try CommandEnvelope(streamFields: ["v": "1", "data": "{not json"]) }
        #expect(throws: EnvelopeError.self) { try DomainEventEnvelope(streamFields: ["data": "{}"]) }
        #expect(throws: EnvelopeError.self) { try BroadcastEnvelope(decoding: Array("no newline".utf8)) }
    }

    @Test func domainEventsRoundTrip() throws {
        let message = MessagingMessage(
            id: "m1", conversationId: "c1", seq: 1, content: "x", senderId: "u1", type: .user, isRead: false,
            createdAt: Date(timeIntervalSince1970: 1_764_090_229.123), sender: actor)
        let events: [DomainEvent] = [
            .messageCreated(message: message, recipients: [RecipientUnread(userId: "u2", totalUnread: 3, conversationUnread: 1)]),
            .messagesRead(conversationId: "c1", readerId: "u2", messageIds: ["m1"], readAt: Date(timeIntervalSince1970: 1_764_090_230),
                          reader: RecipientUnread(userId: "u2", totalUnread: 2, conversationUnread: 0)),
            .userProfileUpdated(actor),
        ]
        for event in events {
            let envelope = DomainEventEnvelope(eventId: "r1:0", occurredAt: Date(timeIntervalSince1970: 1_764_090_230), event: event)
            let decoded = try DomainEventEnvelope(streamFields: Dictionary(uniqueKeysWithValues: envelope.streamFields()))
            #expect(decoded == envelope)
        }
    }

    @Test func broadcastKeepsTheBodyVerbatim() throws {
        let body = #"{"conversationId":"c1","userId":"u1","userName":"Zoë\n"}"#
        let envelope = BroadcastEnvelope(header: BroadcastHeader(event: "user-typing", origin: "gw-1", exceptSocketId: "s1"), body: body)
        let bytes = envelope.encoded()
        #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count == 1, "the header must stay on one line")
        let decoded = try BroadcastEnvelope(decoding: bytes)
        #expect(decoded.header == envelope.header)
        #expect(decoded.body == body)
        let reply = try CommandReplyEnvelope(
            decoding: CommandReplyEnvelope(header: CommandReplyHeader(requestId: "r1", error: MessagingError(.forbidden)), body: "null").encoded())
        #expect(reply.header.error?.code == .forbidden)
    }

    @Test func redisNames() {
        #expect(RedisNames.room("c1") == "room:c1")
        #expect(RedisNames.user("u1") == "user:u1")
        #expect(RedisNames.gateway("gw-1") == "gateway:gw-1")
        #expect(RedisNames.commandsStream == "commands")
        #expect(RedisNames.eventsStream == "events")
    }
}
