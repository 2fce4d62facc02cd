import Foundation
import JSONCoding
import MessagingProtocol
import Testing

/// Every payload reads from the JSON the contract spells and writes back exactly that document
/// (compared by Foundation's parser, an oracle independent of ours). Wire types read and write
/// themselves; HTTP bodies are Codable.
@Suite struct PayloadRoundTripTests {
    static let sender = #"{"id":"u1","firstName":"Alice","lastName":"Martin","role":"CLIENT","email":"alice@example.com"}"#
    static let message = #"""
        {"id":"m1","conversationId":"c1","seq":3,"content":"Bonjour!","senderId":"u1","type":"USER","isRead":true,
         "readAt":"2026-11-25T17:04:00.250Z","createdAt":"2026-11-25T17:03:49.123Z",
         "attachments":[{"id":"a1","url":"https://cdn.example.com/a1.png","fileName":"a1.png","fileSize":1024}],
         "clientMessageId":"tmp-1","sender":\#(sender),
         "reactions":[{"emoji":"🔥","count":2,"userIds":["u2","u3"]}]}
        """#

    static func document(_ json: some Collection<UInt8>) throws -> NSDictionary? {
        try JSONSerialization.jsonObject(with: Data(json)) as? NSDictionary
    }

    /// A wire type: read by hand, written by hand, the same document.
    func wire<Value: JSONReadable & JSONWritable>(_ json: String, as type: Value.Type) throws -> Value {
        let value = try Value(json: json)
        #expect(try Self.document(value.writtenJSON) == Self.document(Array(json.utf8)), "\(Value.self): \(value.jsonString)")
        return value
    }

    /// A type only written (a server event): the contract's document.
    func written(_ value: some JSONWritable, is json: String) throws {
        #expect(try Self.document(value.writtenJSON) == Self.document(Array(json.utf8)), "\(value.jsonString)")
    }

    /// An HTTP body: Codable both ways.
    func roundTrip<Value: Codable>(_ json: String, as type: Value.Type) throws -> Value {
        let value = try MessagingJSON.decode(type, from: Data(json.utf8))
        let encoded = try MessagingJSON.encode(value)
        let expected = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
        #expect(actual == expected, "\(Value.self): \(String(decoding: encoded, as: UTF8.self))")
        return value
    }

    @Test func messagingMessage() throws {
        let message = try wire(Self.message, as: MessagingMessage.self)
        #expect(message.seq == 3)
        #expect(message.sender.role == .client)
        #expect(ISO8601Timestamp.format(message.createdAt) == "2026-11-25T17:03:49.123Z")
        // Absent optionals are omitted, not null.
        let bare = MessagingMessage(
            id: "m2", conversationId: "c1", seq: 4, content: "x", senderId: "u1", type: .system, isRead: false,
            createdAt: Date(timeIntervalSince1970: 0), sender: UserSummary(id: "u1", role: .admin))
        let text = bare.jsonString
        #expect(!text.contains("readAt") && !text.contains("clientMessageId") && !text.contains("null"))
        #expect(text.contains(#""createdAt":"1970-01-01T00:00:00.000Z""#))
        #expect(text.contains(#""attachments":[]"#))
    }

    @Test func conversationMessageDto() throws {
        let dto = try roundTrip(
            #"""
            {"id":"m1","content":"Salut","createdAt":"2026-11-25T17:03:49.123Z","conversationId":"c1","type":"SYSTEM",
             "isRead":false,"attachments":[],"sender":\#(Self.sender),"seq":1,"senderId":"u1","reactions":[]}
            """#, as: ConversationMessageDto.self)
        #expect(dto.type == .system)
        let message = try MessagingMessage(json: Self.message)
        #expect(ConversationMessageDto(message).readAt == message.readAt)
    }

    @Test func clientEventPayloads() throws {
        _ = try wire(#"{"conversationId":"abc123"}"#, as: ConversationRef.self)
        let send = try wire(
            #"{"conversationId":"abc123","content":"Bonjour!","attachments":[],"clientMessageId":"c-1"}"#, as: SendMessageRequest.self)
        #expect(send.attachments == [])
        _ = try wire(#"{"conversationId":"abc123","content":"Bonjour!"}"#, as: SendMessageRequest.self)
        _ = try wire(#"{"messageId":"m1"}"#, as: MarkAsReadRequest.self)
        // What is missing or of the wrong type is named.
        #expect(throws: JSONReader.Failure.self) { try SendMessageRequest(json: #"{"content":"x"}"#) }
        do {
            _ = try SendMessageRequest(json: #"{"content":"x"}"#)
        } catch {
            #expect(error.reason == "missing field conversationId")
        }
        #expect(throws: JSONReader.Failure.self) { try SendMessageRequest(json: #"{"conversationId":"c","content":3}"#) }
        #expect(throws: JSONReader.Failure.self) { try MarkAsReadRequest(json: #"{"messageId":null}"#) }
    }

    @Test func serverEventPayloads() throws {
        _ = try wire(#"{"conversationId":"c1","messages":[\#(Self.message)],"hasMore":true}"#, as: ConversationHistoryPayload.self)
        try written(UserTypingPayload(conversationId: "c1", userId: "u1", userName: "Alice Martin"), is: #"{"conversationId":"c1","userId":"u1","userName":"Alice Martin"}"#)
        try written(UserStoppedTypingPayload(conversationId: "c1", userId: "u1"), is: #"{"conversationId":"c1","userId":"u1"}"#)
        try written(
            MessageReadPayload(messageId: "m1", conversationId: "c1", readAt: ISO8601Timestamp.parse("2026-11-25T17:04:00.250Z")!, readerId: "u2"),
            is: #"{"messageId":"m1","conversationId":"c1","readAt":"2026-11-25T17:04:00.250Z","readerId":"u2"}"#)
        try written(UnreadCountUpdatedPayload(totalUnread: 4), is: #"{"totalUnread":4}"#)
        try written(
            UnreadCountUpdatedPayload(totalUnread: 4, conversationId: "c1", conversationUnread: 2),
            is: #"{"totalUnread":4,"conversationId":"c1","conversationUnread":2}"#)
        try written(
            ConversationReadResult(conversationId: "c1", messageIds: ["m1", "m2"], readAt: Date(timeIntervalSince1970: 0), totalUnread: 0),
            is: #"{"conversationId":"c1","messageIds":["m1","m2"],"readAt":"1970-01-01T00:00:00.000Z","totalUnread":0}"#)
        _ = try wire(#"{"message":"not a participant","code":"FORBIDDEN"}"#, as: MessagingError.self)
        _ = try wire(#"{"tokenId":"jti-1"}"#, as: TokenRevokedPayload.self)
    }

    @Test func acksAndErrors() throws {
        let message = try MessagingMessage(json: Self.message)
        try written(SendMessageAck(message: message), is: #"{"message":\#(Self.message)}"#)
        try written(AckResponse<EmptyAck>.ok(EmptyAck()), is: #"{"ok":true}"#)
        try written(
            AckResponse<EmptyAck>.failure(MessagingError(.validationFailed, "content is empty")),
            is: #"{"ok":false,"error":{"code":"VALIDATION_FAILED","message":"content is empty"}}"#)
        // A store reply spliced into a success acknowledgement.
        #expect(try Self.document(Array(AckResponse.okJSON(merging: #" {"message":\#(Self.message)} "#).utf8))
            == Self.document(Array(#"{"ok":true,"message":\#(Self.message)}"#.utf8)))
        #expect(AckResponse.okJSON(merging: "{}") == #"{"ok":true}"#)
        try written(JoinConversationAck(conversationId: "c1", hasMore: true), is: #"{"ok":true,"conversationId":"c1","hasMore":true}"#)
        try written(
            ErrorEventPayload(error: MessagingError(.forbidden, "not a participant"), event: "send-message"),
            is: #"{"message":"not a participant","code":"FORBIDDEN","event":"send-message"}"#)
        try written(HTTPErrorResponse(error: MessagingError(.unauthorized, "unauthorized")), is: #"{"error":{"code":"UNAUTHORIZED","message":"unauthorized"}}"#)
        try written(ConnectErrorPayload(code: .unauthorized), is: #"{"message":"unauthorized","data":{"code":"UNAUTHORIZED"}}"#)
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
             "conversationId":"c1","type":"USER","isRead":false,"attachments":[],"sender":\#(Self.sender),"seq":1,"senderId":"u1","reactions":[]}}]}
            """#, as: ConversationListResponse.self)
        _ = try roundTrip(#"{"messages":[],"hasMore":false}"#, as: MessagePageResponse.self)
        _ = try roundTrip(#"{"content":"RDV confirmé","type":"SYSTEM"}"#, as: PostMessageRequest.self)
        #expect(throws: DecodingError.self) { try MessagingJSON.decode(RegisterRequest.self, from: Data(#"{"email":"a","password":"b","role":"ROOT"}"#.utf8)) }
    }

    @Test func errorCodesHaveStatusesAndRetryability() {
        #expect(ErrorCode.allCases.map(\.rawValue) == [
            "UNAUTHORIZED", "TOKEN_EXPIRED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_FAILED", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL",
        ])
        #expect(ErrorCode.allCases.map(\.httpStatus) == [401, 401, 403, 404, 400, 413, 429, 503, 500])
        #expect(ErrorCode.allCases.filter(\.isRetryable) == [.rateLimited, .unavailable, .internal])
    }

    @Test func displayNames() {
        #expect(UserSummary(id: "1", firstName: "Alice", lastName: "Martin", role: .client).displayName == "Alice Martin")
        #expect(UserSummary(id: "2", firstName: "Bob", salonName: "Ink Lab", role: .salon).displayName == "Ink Lab")
        #expect(UserSummary(id: "3", role: .client, email: "c@x.io").displayName == "c@x.io")
    }
}
