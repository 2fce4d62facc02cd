import Foundation
import HTTPTypes
import Logging
import MessagingProtocol
import Testing

@testable import EngineIO
@testable import MessagingGateway
@testable import SocketIO
import TestSupport

/// The gateway's application layer with no server: the test plays the message store and the other
/// instances (``GatewayHarness``).
@Suite(.timeLimit(.minutes(1))) struct MessagingEventHandlerTests {
    static let history = #"{"conversationId":"c1","messages":[],"hasMore":true}"#

    /// The JSON object of a packet's first argument (`42/messaging,["name",{…}]` or `43/messaging,1[{…}]`).
    func argument(_ packet: String, at index: Int = 0) throws -> [String: Any] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(packet[packet.firstIndex(of: "[")!...].utf8)) as? [Any])
        return try #require(array[index] as? [String: Any])
    }

    func join(_ harness: GatewayHarness, _ socket: MessagingSocket, room: String = "c1") async throws {
        await harness.emit(socket, "join-conversation", #"{"conversationId":"\#(room)"}"#, ack: 99)
        let command = try #require(try harness.commands().last)
        try await harness.answer(command, body: Self.history)
        _ = await harness.written(socket)
    }

    @Test func aJoinSubscribesFirstThenTheHistoryPrecedesWhatArrivedMeanwhileThenTheAck() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            await harness.emit(alice, "join-conversation", #"{"conversationId":"c1"}"#, ack: 1)
            #expect(harness.broker.isSubscribed("room:c1"))
            let command = try #require(try harness.commands().last)
            #expect(command.command == .joinConversation(JoinConversationRequest(conversationId: "c1")))
            #expect(command.actor.id == "alice" && command.replyTo == GatewayHarness.instanceID)

            try await harness.publish(event: .newMessage, body: #"{"seq":1}"#, room: "c1", seq: 1)
            #expect(await harness.written(alice).isEmpty)  // held until the history is out
            try await harness.answer(command, body: Self.history)
            let written = await harness.written(alice)
            #expect(written.count == 3)
            #expect(written.first == #"42/messaging,["conversation-history",\#(Self.history)]"#)
            #expect(written.dropFirst().first == #"42/messaging,["new-message",{"seq":1}]"#)
            #expect(written.last == #"43/messaging,1[{"ok":true,"conversationId":"c1","hasMore":true}]"#)
        }
    }

    @Test func aRefusedJoinLeavesTheRoomAndItsSubscription() async throws {
        try await GatewayHarness.run { harness in
            let mallory = await harness.connect("mallory")
            await harness.emit(mallory, "join-conversation", #"{"conversationId":"c1"}"#, ack: 1)
            try await harness.answer(try #require(try harness.commands().last), error: MessagingError(.forbidden, "not a participant"))
            let ack = try argument(try #require(await harness.written(mallory).first))
            #expect(ack["ok"] as? Bool == false && (ack["error"] as? [String: Any])?["code"] as? String == "FORBIDDEN")
            await withCheckedContinuation { harness.queue.request(.barrier($0)) }
            #expect(!harness.broker.isSubscribed("room:c1") && !mallory.isIn("c1"))
        }
    }

    @Test func typingNeedsAJoinAndReachesTheOthersOnceButNotTheTyper() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            let bob = await harness.connect("bob")
            await harness.emit(alice, "user-typing", #"{"conversationId":"c1"}"#, ack: 1)
            let refused = try argument(try #require(await harness.written(alice).first))
            #expect((refused["error"] as? [String: Any])?["code"] as? String == "FORBIDDEN")

            try await join(harness, alice)
            try await join(harness, bob)
            await harness.emit(alice, "user-typing", #"{"conversationId":"c1"}"#, ack: 2)
            #expect(await harness.written(alice) == [#"43/messaging,2[{"ok":true}]"#])
            // Delivered locally at once; this instance's own echo from the broker is dropped.
            #expect(await harness.written(bob) == [#"42/messaging,["user-typing",{"conversationId":"c1","userId":"alice","userName":"Alice"}]"#])
        }
    }

    /// A join the store has not answered may be a non-participant's: its typing reaches nobody.
    @Test func typingWhileTheJoinWaitsForTheStoreIsRefusedAndReachesNobody() async throws {
        try await GatewayHarness.run { harness in
            let bob = await harness.connect("bob")
            try await join(harness, bob)
            let mallory = await harness.connect("mallory")
            await harness.emit(mallory, "join-conversation", #"{"conversationId":"c1"}"#, ack: 1)
            await harness.emit(mallory, "user-typing", #"{"conversationId":"c1"}"#, ack: 2)
            let refused = try argument(try #require(await harness.written(mallory).first))
            #expect((refused["error"] as? [String: Any])?["code"] as? String == "FORBIDDEN")
            try await harness.answer(try #require(try harness.commands().last), error: MessagingError(.forbidden, "not a participant"))
            #expect(await harness.written(bob).isEmpty, "nothing of mallory's reached the room")
        }
    }

    @Test func aSendIsQueuedEndsTheSendersTypingAndIsAckedWithTheStoredMessage() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            let bob = await harness.connect("bob")
            try await join(harness, alice)
            try await join(harness, bob)
            await harness.emit(alice, "user-typing", #"{"conversationId":"c1"}"#, ack: nil)
            _ = await harness.written(bob)
            await harness.emit(alice, "send-message", #"{"conversationId":"c1","content":"Bonjour","clientMessageId":"k1"}"#, ack: 3)
            #expect(await harness.written(bob) == [#"42/messaging,["user-stopped-typing",{"conversationId":"c1","userId":"alice"}]"#])
            let command = try #require(try harness.commands().last)
            guard case .sendMessage(let request) = command.command else { Issue.record("expected a send"); return }
            #expect(request.content == "Bonjour" && request.clientMessageId == "k1")
            #expect(await harness.written(alice).isEmpty)  // no ack before the store answers
            try await harness.answer(command, body: #"{"id":"m1","seq":1}"#)
            #expect(await harness.written(alice) == [#"43/messaging,3[{"ok":true,"message":{"id":"m1","seq":1}}]"#])
        }
    }

    @Test func inputTheStoreWouldRefuseIsRefusedBeforeAnythingReachesRedis() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            let refused: [(String, String)] = [
                ("send-message", #"{"conversationId":"c\u0000","content":"x"}"#),
                ("send-message", #"{"conversationId":"c1","content":"\#(String(repeating: "x", count: 200_000))"}"#),
                ("send-message", #"{"conversationId":"c1","content":"x","clientMessageId":"\#(String(repeating: "k", count: 101))"}"#),
                ("send-message", #"{"conversationId":"c1","content":"a\u0000b"}"#),
                ("join-conversation", #"{"conversationId":""}"#),
                ("mark-as-read", #"{"messageId":"m\n1"}"#),
                ("mark-conversation-as-read", #"{"conversationId":"\#(String(repeating: "é", count: 51))"}"#),
            ]
            for (index, (event, payload)) in refused.enumerated() {
                await harness.emit(alice, event, payload, ack: UInt64(index))
                let written = await harness.written(alice)
                #expect(written.count == 1, "\(event) \(payload.prefix(60))")
                guard let ack = written.first else { continue }
                #expect(ack.hasPrefix("43/messaging,\(index)[{\"ok\":false,\"error\":{\"code\":\"VALIDATION_FAILED\""), "\(ack.prefix(200))")
            }
            let queued = try harness.commands()
            #expect(queued.isEmpty, "nothing was queued for the store")
        }
    }

    @Test func aCommandTheStoreNeverAnswersIsAckedUnavailable() async throws {
        try await GatewayHarness.run(ackTimeout: .milliseconds(50)) { harness in
            let alice = await harness.connect("alice")
            await harness.emit(alice, "mark-conversation-as-read", #"{"conversationId":"c1"}"#, ack: 4)
            let frames = try #require(await alice.connection.session.nextFrames(for: .websocket))
            guard case .text(let buffer) = try #require(frames.first) else { Issue.record("a text frame"); return }
            let ack = try argument(String(buffer: buffer))
            #expect((ack["error"] as? [String: Any])?["code"] as? String == "UNAVAILABLE")
            // The late reply changes nothing.
            try await harness.answer(try #require(try harness.commands().last), body: #"{"totalUnread":0}"#)
            #expect(await harness.written(alice).isEmpty)
        }
    }

    @Test func aFailureWithoutAnAckIsAnErrorEvent() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            await harness.emit(alice, "no-such-event", "{}", ack: nil)
            await harness.emit(alice, "send-message", #"{"conversationId":42}"#, ack: nil)
            let written = await harness.written(alice)
            #expect(written.count == 2)
            let unknown = try argument(written[0], at: 1)
            #expect(unknown["code"] as? String == "VALIDATION_FAILED" && unknown["event"] as? String == "no-such-event")
            let invalid = try argument(written[1], at: 1)
            #expect(invalid["code"] as? String == "VALIDATION_FAILED" && invalid["event"] as? String == "send-message")
            #expect(try harness.commands().isEmpty)
        }
    }

    @Test func roomEventsReachEachJoinedSocketOnceInSeqOrder() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            let bob = await harness.connect("bob")
            try await join(harness, alice)
            for seq in [1, 2, 1, 3, 2] {
                try await harness.publish(event: .newMessage, body: #"{"seq":\#(seq)}"#, room: "c1", seq: seq)
            }
            try await harness.publish(event: .newMessage, body: #"{"seq":9}"#, room: "c2", seq: 9)
            #expect(await harness.written(alice) == [1, 2, 3].map { #"42/messaging,["new-message",{"seq":\#($0)}]"# })
            #expect(await harness.written(bob).isEmpty)
        }
    }

    static func message(_ seq: Int, room: String = "c1") -> MessagingMessage {
        MessagingMessage(
            id: "m\(seq)", conversationId: room, seq: seq, content: "n°\(seq)", senderId: "bob", type: .user, isRead: false,
            createdAt: Date(timeIntervalSince1970: 1_764_000_000), sender: UserSummary(id: "bob", role: .client))
    }

    @Test func twoStoresOutOfOrderReachTheRoomInSeqOrderAndALastingGapIsReadFromTheStore() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            try await join(harness, alice)  // its history holds nothing: the room starts at 0
            let repairer = RoomRepairer(
                delivery: harness.parts.delivery, hub: harness.parts.hub, store: harness.store, patience: .milliseconds(30),
                logger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await repairer.run() }
                defer { group.cancelAll() }
                let queued = try harness.commands().count
                // Two stores: 2 is published before 1.
                try await harness.publish(event: .newMessage, body: #"{"seq":2}"#, room: "c1", seq: 2)
                try await harness.publish(event: .newMessage, body: #"{"seq":1}"#, room: "c1", seq: 1)
                #expect(await harness.written(alice) == [1, 2].map { #"42/messaging,["new-message",{"seq":\#($0)}]"# })
                // 4 arrives and 3 never does: 4 waits, then 3 is read from the store as a participant.
                try await harness.publish(event: .newMessage, body: #"{"seq":4}"#, room: "c1", seq: 4)
                #expect(await harness.written(alice).isEmpty)
                let read = try await harness.command(after: queued)
                #expect(read.command == .joinConversation(JoinConversationRequest(conversationId: "c1", afterSeq: 2)) && read.actor.id == "alice")
                let history = ConversationHistoryPayload(conversationId: "c1", messages: [Self.message(3)], hasMore: false, lastSeq: 3)
                try await harness.answer(read, body: history.jsonString)
                #expect(await harness.next(alice, count: 2) == [
                    #"42/messaging,["new-message",\#(Self.message(3).jsonString)]"#, #"42/messaging,["new-message",{"seq":4}]"#,
                ])
                // A subscription that came back: the room reads what follows 4.
                harness.parts.delivery.catchUpAll()
                let catchUp = try await harness.command(after: queued + 1)
                #expect(catchUp.command == .joinConversation(JoinConversationRequest(conversationId: "c1", afterSeq: 4)))
                let missed = ConversationHistoryPayload(conversationId: "c1", messages: [Self.message(5), Self.message(6)], hasMore: false, lastSeq: 6)
                try await harness.answer(catchUp, body: missed.jsonString)
                #expect(await harness.next(alice, count: 2) == [5, 6].map { #"42/messaging,["new-message",\#(Self.message($0).jsonString)]"# })
                try await harness.publish(event: .newMessage, body: #"{"seq":6}"#, room: "c1", seq: 6)
                try await harness.publish(event: .newMessage, body: #"{"seq":7}"#, room: "c1", seq: 7)
                #expect(await harness.written(alice) == [#"42/messaging,["new-message",{"seq":7}]"#], "6 came from the store already")
            }
        }
    }

    @Test func aRoomJoinedAfreshDropsItsOldOrderFromTheRepairList() async throws {
        try await GatewayHarness.run { harness in
            let delivery = harness.parts.delivery
            let alice = await harness.connect("alice")
            try await join(harness, alice)
            try await harness.publish(event: .newMessage, body: #"{"seq":2}"#, room: "c1", seq: 2)
            let gappy = delivery.ordersAwaitingRepair(forgetEmptyOlderThan: .seconds(10))
            #expect(gappy.map(\.room) == ["c1"], "1 is missing")
            // Everyone left; a new join makes the room a fresh order, waiting for its own history.
            await harness.emit(alice, "leave-conversation", #"{"conversationId":"c1"}"#, ack: 5)
            await withCheckedContinuation { harness.queue.request(.barrier($0)) }
            try await join(harness, alice)
            #expect(delivery.ordersAwaitingRepair(forgetEmptyOlderThan: .seconds(10)).isEmpty, "the old order, gap and all, is gone")
            #expect(gappy.first?.read { $0.awaitsRepair } == true, "it still awaited a repair")
        }
    }

    @Test func aJoinAfterSeqStartsTheSocketWhereTheHistoryEnds() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            await harness.emit(alice, "join-conversation", #"{"conversationId":"c1","afterSeq":4}"#, ack: 7)
            let command = try #require(try harness.commands().last)
            #expect(command.command == .joinConversation(JoinConversationRequest(conversationId: "c1", afterSeq: 4)))
            let history = ConversationHistoryPayload(conversationId: "c1", messages: [Self.message(5)], hasMore: false, lastSeq: 5)
            try await harness.publish(event: .newMessage, body: #"{"seq":6}"#, room: "c1", seq: 6)
            try await harness.publish(event: .newMessage, body: #"{"seq":5}"#, room: "c1", seq: 5)
            try await harness.answer(command, body: history.jsonString)
            let written = await harness.written(alice)
            #expect(written.count == 3)
            #expect(written.first?.hasPrefix(#"42/messaging,["conversation-history","#) == true)
            #expect(written.dropFirst().first == #"42/messaging,["new-message",{"seq":6}]"#, "5 was in the history, 6 follows it once")
            #expect(written.last == #"43/messaging,7[{"ok":true,"conversationId":"c1","hasMore":false}]"#)
            await harness.emit(alice, "join-conversation", #"{"conversationId":"c1","afterSeq":-1}"#, ack: 8)
            #expect(await harness.written(alice).first?.contains("VALIDATION_FAILED") == true)
        }
    }

    @Test func theLastSocketToLeaveARoomEndsItsSubscription() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            let bob = await harness.connect("bob")
            try await join(harness, alice)
            try await join(harness, bob)
            await harness.emit(alice, "leave-conversation", #"{"conversationId":"c1"}"#, ack: 5)
            await withCheckedContinuation { harness.queue.request(.barrier($0)) }
            #expect(harness.broker.isSubscribed("room:c1"))
            await harness.namespace.disconnected(bob, reason: .clientLeft)
            await withCheckedContinuation { harness.queue.request(.barrier($0)) }
            #expect(!harness.broker.isSubscribed("room:c1") && !harness.broker.isSubscribed("user:bob"))
            #expect(harness.broker.isSubscribed("user:alice"))
        }
    }

    @Test func aRevokedTokenDisconnectsTheSocketsOpenedWithItOnly() async throws {
        try await GatewayHarness.run { harness in
            let revoked = await harness.connect("alice", tokenID: "t1")
            let other = await harness.connect("alice", tokenID: "t2")
            let header = BroadcastHeader(event: ControlEvent.tokenRevoked.rawValue)
            let body = TokenRevokedPayload(tokenId: "t1").jsonString
            try await harness.broker.publish(BroadcastEnvelope(header: header, body: body).encoded(), to: RedisNames.user("alice"))
            #expect(await harness.written(revoked) == ["41/messaging,"])
            #expect(revoked.connection.session.isClosed && !other.connection.session.isClosed)
        }
    }

    @Test func aCommitsUnreadCountsReachEachOfTheirUsersSocketsHereAndNoOneElse() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice", tokenID: "t1")
            let aliceAgain = await harness.connect("alice", tokenID: "t2")
            let bob = await harness.connect("bob")
            let counts = [
                UserUnreadCount(userId: "alice", payload: UnreadCountUpdatedPayload(totalUnread: 2, conversationId: "c1", conversationUnread: 1)),
                UserUnreadCount(userId: "carol", payload: UnreadCountUpdatedPayload(totalUnread: 5)),  // on another instance
            ]
            let header = BroadcastHeader(event: ServerEvent.unreadCountUpdated.rawValue, origin: "store-1")
            try await harness.broker.publish(BroadcastEnvelope(header: header, body: counts.jsonString).encoded(), to: RedisNames.unreadCounts)
            // An unreadable list is dropped; what came before it stays delivered.
            try await harness.broker.publish(BroadcastEnvelope(header: header, body: #"[{"userId":"bob","update":{}}]"#).encoded(), to: RedisNames.unreadCounts)
            let expected = [#"42/messaging,["unread-count-updated",{"totalUnread":2,"conversationId":"c1","conversationUnread":1}]"#]
            #expect(await harness.written(alice) == expected)
            #expect(await harness.written(aliceAgain) == expected)
            #expect(await harness.written(bob) == [])
        }
    }

    @Test func aReadsMessageAndCountsReachEachSocketInOrderWhateverTheirChannel() async throws {
        try await GatewayHarness.run { harness in
            let alice = await harness.connect("alice")
            let bob = await harness.connect("bob")
            try await join(harness, alice)
            try await join(harness, bob)
            let message = BroadcastEnvelope(header: BroadcastHeader(event: ServerEvent.newMessage.rawValue, origin: "store-1", seq: 1), body: #"{"seq":1}"#)
            let counts = [UserUnreadCount(userId: "alice", payload: UnreadCountUpdatedPayload(totalUnread: 1, conversationId: "c1", conversationUnread: 1))]
            let unread = BroadcastEnvelope(header: BroadcastHeader(event: ServerEvent.unreadCountUpdated.rawValue, origin: "store-1"), body: counts.jsonString)
            // As one read from Redis: the room's message, then the counts it raised.
            harness.parts.delivery.receive([(.room("c1"), message.encoded()), (.unreadCounts, unread.encoded())])
            #expect(await harness.written(alice) == [
                #"42/messaging,["new-message",{"seq":1}]"#,
                #"42/messaging,["unread-count-updated",{"totalUnread":1,"conversationId":"c1","conversationUnread":1}]"#,
            ])
            #expect(await harness.written(bob) == [#"42/messaging,["new-message",{"seq":1}]"#])
            // A `seq` a socket has is not delivered again, in a batch or not.
            harness.parts.delivery.receive([(.room("c1"), message.encoded())])
            #expect(await harness.written(bob).isEmpty)
        }
    }

    @Test func connectTakesTheTokenFromAuthThenBearerThenCookieAndRefusesTheRest() async throws {
        try await GatewayHarness.run { harness in
            let token = try await TestTokens.hs256(UserSummary(id: "alice", role: .client), jti: "j1")
            let fromAuth = await harness.namespace.connect(harness.connection(), handshake: .init(), auth: #"{"token":"\#(token)"}"#)
            #expect((try? fromAuth.get())?.user.id == "alice")
            let bearer = await harness.namespace.connect(
                harness.connection(), handshake: .init(headers: [.authorization: "Bearer \(token)"]), auth: #"{"token":42}"#)
            #expect((try? bearer.get())?.tokenID == "j1")
            let cookie = await harness.namespace.connect(harness.connection(), handshake: .init(headers: [.cookie: "a=b; access_token=\(token)"]), auth: nil)
            #expect((try? cookie.get()) != nil)
            for auth in [nil, "{}", #"{"token":"not-a-jwt"}"#, #"{"token":"\#(token.dropLast(2))"}"#] {
                guard case .failure(let refusal) = await harness.namespace.connect(harness.connection(), handshake: .init(), auth: auth) else {
                    Issue.record("accepted \(auth ?? "nil")")
                    continue
                }
                #expect(refusal.json == #"{"message":"unauthorized","data":{"code":"UNAUTHORIZED"}}"#)
            }
        }
    }
}
