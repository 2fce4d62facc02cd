import Foundation
import MessagingProtocol
import Testing

/// Every payload decodes from the JSON the contract spells and encodes back to exactly that JSON.
@Suite struct PayloadRoundTripTests {
    static let sender = #"{"id":"u1","firstName":"Alice","lastName":"Martin","role":"CLIENT","email":"alice@example.com"}"#
    static let message = #"""
        {"id":"m1","conversationId":"c1","seq":3,"content":"Bonjour!","senderId":"u1","type":"USER","isRead":true,
         "readAt":"2026-11-25T17:04:00.250Z","createdAt":"2026-11-25T17:03:49.123Z",
         "attachments":[{"id":"a1","url":"https://cdn.example.com/a1.png","fileName":"a1.png","fileSize":1024}],
         "clientMessageId":"tmp-1","sender":\#(sender)}
        """#

    func roundTrip<Value: Codable>(_ json: String, as type: Value.Type) throws -> Value {
        let value = try MessagingJSON.decode(type, from: Data(json.utf8))
        let encoded = try MessagingJSON.encode(value)
        let expected = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
        #expect(actual == expected, "\(Value.self): \(String(decoding: encoded, as: UTF8.self))")
        return value
    }

    @Test func messagingMessage() throws {
        let message = try roundTrip(Self.message, as: MessagingMessage.self)
        #expect(message.seq == 3)
        #expect(message.sender.role == .client)
        #expect(ISO8601Timestamp.format(message.createdAt) == "2026-11-25T17:03:49.123Z")
        // Absent optionals are omitted, not null.
        let bare = MessagingMessage(
            id: "m2", conversationId: "c1", seq: 4, content: "x", senderId: "u1", type: .system, isRead: false,
            createdAt: Date(timeIntervalSince1970: 0), sender: UserSummary(id: "u1", role: .admin))
        let text = try MessagingJSON.encodeString(bare)
        #expect(!text.contains("readAt") && !text.contains("clientMessageId") && !text.contains("null"))
        #expect(text.contains(#""createdAt":"1970-01-01T00:00:00.000Z""#))
        #expect(text.contains(#""attachments":[]"#))
    }

    @Test func conversationMessageDto() throws {
        let dto = try roundTrip(
            #"""
            {"id":"m1","content":"Salut","createdAt":"2026-11-25T17:03:49.123Z","conversationId":"c1","type":"SYSTEM",
             "isRead":false,"attachments":[],"sender":\#(Self.sender),"seq":1,"senderId":"u1"}
            """#, as: ConversationMessageDto.self)
        #expect(dto.type == .system)
        let message = try MessagingJSON.decode(MessagingMessage.self, from: Data(Self.message.utf8))
        #expect(ConversationMessageDto(message).readAt == message.readAt)
    }

    @Test func clientEventPayloads() throws {
        _ = try roundTrip(#"{"conversationId":"abc123"}"#, as: ConversationRef.self)
        let send = try roundTrip(
            #"{"conversationId":"abc123","content":"Bonjour!","attachments":[],"clientMessageId":"c-1"}"#, as: SendMessageRequest.self)
        #expect(send.attachments == [])
        _ = try roundTrip(#"{"conversationId":"abc123","content":"Bonjour!"}"#, as: SendMessageRequest.self)
        _ = try roundTrip(#"{"messageId":"m1"}"#, as: MarkAsReadRequest.self)
        #expect(throws: DecodingError.self) { try MessagingJSON.decode(SendMessageRequest.self, from: Data(#"{"content":"x"}"#.utf8)) }
    }

    @Test func serverEventPayloads() throws {
        _ = try roundTrip(#"{"conversationId":"c1","messages":[\#(Self.message)],"hasMore":true}"#, as: ConversationHistoryPayload.self)
        _ = try roundTrip(#"{"conversationId":"c1","userId":"u1","userName":"Alice Martin"}"#, as: UserTypingPayload.self)
        _ = try roundTrip(#"{"conversationId":"c1","userId":"u1"}"#, as: UserStoppedTypingPayload.self)
        _ = try roundTrip(
            #"{"messageId":"m1","conversationId":"c1","readAt":"2026-11-25T17:04:00.250Z","readerId":"u2"}"#, as: MessageReadPayload.self)
        _ = try roundTrip(#"{"totalUnread":4}"#, as: UnreadCountUpdatedPayload.self)
        _ = try roundTrip(#"{"totalUnread":4,"conversationId":"c1","conversationUnread":2}"#, as: UnreadCountUpdatedPayload.self)
        _ = try roundTrip(#"{"message":"not a participant","code":"FORBIDDEN"}"#, as: MessagingError.self)
    }

    @Test func acksAndErrors() throws {
        let ok = try roundTrip(#"{"ok":true,"message":\#(Self.message)}"#, as: AckResponse<SendMessageAck>.self)
        guard case .ok(let body) = ok else { Issue.record("expected ok"); return }
        #expect(body.message.id == "m1")
        let failed = try roundTrip(
            #"{"ok":false,"error":{"code":"VALIDATION_FAILED","message":"content is empty"}}"#, as: AckResponse<SendMessageAck>.self)
        guard case .failure(let error) = failed else { Issue.record("expected failure"); return }
        #expect(error.code == .validationFailed)
        _ = try roundTrip(#"{"ok":true}"#, as: AckResponse<EmptyAck>.self)
        _ = try roundTrip(#"{"error":{"code":"UNAUTHORIZED","message":"unauthorized"}}"#, as: HTTPErrorResponse.self)
        let connectError = try roundTrip(#"{"message":"unauthorized","data":{"code":"UNAUTHORIZED"}}"#, as: ConnectErrorPayload.self)
        #expect(connectError == ConnectErrorPayload(code: .unauthorized))
    }

    @Test func httpShapes() throws {
        _ = try roundTrip(
            #"{"email":"a@b.c","password":"secret123","firstName":"A","salonName":"Ink","image":"https://x/y.png","role":"SALON"}"#,
            as: RegisterRequest.self)
        _ = try roundTrip(#"{"email":"a@b.c","password":"secret123"}"#, as: LoginRequest.self)
        _ = try roundTrip(#"{"user":\#(Self.sender)}"#, as: UserResponse.self)
        _ = try roundTrip(#"{"token":"eyJhbGciOiJFZERTQSJ9.e30.sig"}"#, as: TokenResponse.self)
        _ = try roundTrip(#"{"participantIds":["u2"],"subject":"Devis","appointmentId":"rdv-9"}"#, as: CreateConversationRequest.self)
        _ = try roundTrip(
            #"""
            {"conversations":[{"id":"c1","subject":"Devis","participants":[\#(Self.sender)],"unreadCount":2,
             "createdAt":"2026-11-25T17:00:00.000Z","lastMessage":{"id":"m1","content":"Salut","createdAt":"2026-11-25T17:03:49.123Z",
             "conversationId":"c1","type":"USER","isRead":false,"attachments":[],"sender":\#(Self.sender),"seq":1,"senderId":"u1"}}]}
            """#, as: ConversationListResponse.self)
        _ = try roundTrip(#"{"messages":[],"hasMore":false}"#, as: MessagePageResponse.self)
        _ = try roundTrip(#"{"content":"RDV confirmé","type":"SYSTEM"}"#, as: PostMessageRequest.self)
        #expect(throws: DecodingError.self) { try MessagingJSON.decode(RegisterRequest.self, from: Data(#"{"email":"a","password":"b","role":"ROOT"}"#.utf8)) }
    }

    @Test func errorCodesHaveStatusesAndRetryability() {
        #expect(ErrorCode.allCases.map(\.rawValue) == [
            "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_FAILED", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL",
        ])
        #expect(ErrorCode.allCases.map(\.httpStatus) == [401, 403, 404, 400, 413, 429, 503, 500])
        #expect(ErrorCode.allCases.filter(\.isRetryable) == [.rateLimited, .unavailable, .internal])
    }

    @Test func displayNames() {
        #expect(UserSummary(id: "1", firstName: "Alice", lastName: "Martin", role: .client).displayName == "Alice Martin")
        #expect(UserSummary(id: "2", firstName: "Bob", salonName: "Ink Lab", role: .salon).displayName == "Ink Lab")
        #expect(UserSummary(id: "3", role: .client, email: "c@x.io").displayName == "c@x.io")
    }
}
