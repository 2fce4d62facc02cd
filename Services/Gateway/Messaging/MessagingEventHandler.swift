import JSONCoding
import Logging
import MessagingProtocol
import SocketIO

/// The events of `SPEC.md` §2. Store commands (join, send, read marks) go to the message store and
/// are answered from its reply; leaving is local; typing goes straight to the room. The handler
/// never sees packets: it takes a ``SocketIOEvent`` and returns an ``EventOutcome`` (the reply, or
/// the store answer it waits for), which ``complete(_:_:)`` turns into an ``EventReply``.
final class MessagingEventHandler: Sendable {
    let hub: Hub
    let store: StoreClient
    let broker: any RoomBroker
    let delivery: RoomDelivery
    let typing: TypingTracker
    let instanceID: String
    let presence: PresenceRefresher
    let logger: Logger

    init(
        hub: Hub, store: StoreClient, broker: any RoomBroker, delivery: RoomDelivery, typing: TypingTracker, instanceID: String,
        presence: PresenceRefresher, logger: Logger
    ) {
        self.hub = hub
        self.store = store
        self.broker = broker
        self.delivery = delivery
        self.typing = typing
        self.instanceID = instanceID
        self.presence = presence
        self.logger = logger
    }

    // MARK: Socket life

    /// A socket connected: its user is online, and it gets the user's unread total.
    func connected(_ socket: MessagingSocket) async {
        await presence.markOnline([socket.user.id])
        if !socket.recovering.isEmpty { await restore(socket) }
        switch await store.call(.unreadCount, as: socket.user) {
        case .success(let body):
            socket.emit(ServerEvent.unreadCountUpdated.rawValue, body)
        case .failure(let error):
            logger.warning("no unread count for a new socket", metadata: ["socket": "\(socket.id)", "error": "\(error)"])
        }
    }

    /// A recovered socket gets its rooms back, and the `new-message` events it missed in each (read
    /// from the store after the last `seq` it was given, a page at a time), before the live ones.
    private func restore(_ socket: MessagingSocket) async {
        for room in socket.recovering where socket.beginJoin(room.id) {
            await subscribe(socket, to: room.id)
            var after = room.lastSeq
            while true {
                let answer = await store.call(.joinConversation(JoinConversationRequest(conversationId: room.id, afterSeq: after)), as: socket.user)
                guard case .success(let body) = answer, let history = try? ConversationHistoryPayload(json: body) else {
                    logger.warning("a recovered room could not be restored", metadata: ["socket": "\(socket.id)", "room": "\(room.id)"])
                    abandon(socket, room: room.id)
                    break
                }
                socket.send(history.messages.map { delivery.packet(event: ServerEvent.newMessage.rawValue, body: $0.encodedJSON, room: room.id, seq: $0.seq) })
                after = history.messages.last?.seq ?? after
                if !history.hasMore {
                    settle(socket, room: room.id, lastSeq: max(after, history.lastSeq ?? after))
                    break
                }
            }
        }
    }

    /// A socket left the namespace or its session ended: its typing states end, it leaves every room.
    func disconnected(_ socket: MessagingSocket) async {
        for room in socket.joinedRooms where typing.stop(socket, room: room) {
            await broadcastStoppedTyping(socket, room: room)
        }
        hub.remove(socket)
        for room in socket.joinedRooms { socket.leave(room) }
    }

    // MARK: Events

    func handle(_ event: SocketIOEvent, from socket: MessagingSocket) async -> EventOutcome {
        guard let kind = ClientEvent(rawValue: event.name) else {
            return .reply(.failure(MessagingError(.validationFailed, "unknown event \(event.name)")))
        }
        switch kind {
        case .joinConversation:
            guard let request = decode(JoinConversationRequest.self, event) else { return invalid(event) }
            if let refusal = Self.refusal({ () throws(MessagingError) in try MessageValidator.validate(request) }) { return refusal }
            return await join(request, socket: socket)
        case .leaveConversation:
            guard let request = decode(ConversationRef.self, event) else { return invalid(event) }
            if typing.stop(socket, room: request.conversationId) { await broadcastStoppedTyping(socket, room: request.conversationId) }
            if socket.leave(request.conversationId) { hub.leave(socket, room: request.conversationId) }
            return .reply(.ok(Self.okJSON))
        case .sendMessage:
            guard let request = decode(SendMessageRequest.self, event) else { return invalid(event) }
            // Nothing the store would refuse reaches Redis.
            if let refusal = Self.refusal({ () throws(MessagingError) in _ = try MessageValidator.validate(request) }) { return refusal }
            let pending = await store.enqueue(.sendMessage(request), as: socket.user)
            if typing.stop(socket, room: request.conversationId) { await broadcastStoppedTyping(socket, room: request.conversationId) }
            return answer(pending) { Self.ack(member: "message", rawJSON: $0) }
        case .userTyping, .userStoppedTyping:
            guard let request = decode(ConversationRef.self, event) else { return invalid(event) }
            let room = request.conversationId
            // Only once the store let it in: a join still waiting may be a non-participant's.
            guard socket.hasJoined(room) else { return .reply(.failure(MessagingError(.forbidden, "join the conversation first"))) }
            if kind == .userTyping {
                typing.start(socket, room: room)
                let payload = UserTypingPayload(conversationId: room, userId: socket.user.id, userName: socket.user.displayName)
                await broadcast(.userTyping, payload, room: room, except: socket)
            } else {
                typing.stop(socket, room: room)
                await broadcastStoppedTyping(socket, room: room)
            }
            return .reply(.ok(Self.okJSON))
        case .markAsRead:
            guard let request = decode(MarkAsReadRequest.self, event) else { return invalid(event) }
            if let refusal = Self.refusal({ () throws(MessagingError) in try MessageValidator.identifier(request.messageId, name: "messageId") }) {
                return refusal
            }
            return answer(await store.enqueue(.markAsRead(request), as: socket.user)) { AckResponse.okJSON(merging: $0) }
        case .markConversationAsRead:
            // The reader's new counts reach all of their sockets from the notification fan-out (on
            // `user:{id}`, versioned so a late older count never follows this one); the ack has the total.
            guard let request = decode(ConversationRef.self, event) else { return invalid(event) }
            if let refusal = Self.refusal({ () throws(MessagingError) in try MessageValidator.identifier(request.conversationId, name: "conversationId") }) {
                return refusal
            }
            return answer(await store.enqueue(.markConversationAsRead(request), as: socket.user)) { AckResponse.okJSON(merging: $0) }
        case .editMessage:
            // The store checks the sender, the window and the message; `message-updated` reaches the
            // room from it, and the ack carries the edited message.
            guard let request = decode(EditMessageRequest.self, event) else { return invalid(event) }
            if let refusal = Self.refusal({ () throws(MessagingError) in _ = try MessageValidator.validate(request) }) { return refusal }
            return answer(await store.enqueue(.editMessage(request), as: socket.user)) { Self.ack(member: "message", rawJSON: $0) }
        case .deleteMessage:
            guard let request = decode(DeleteMessageRequest.self, event) else { return invalid(event) }
            if let refusal = Self.refusal({ () throws(MessagingError) in try MessageValidator.identifier(request.messageId, name: "messageId") }) {
                return refusal
            }
            return answer(await store.enqueue(.deleteMessage(request), as: socket.user)) { AckResponse.okJSON(merging: $0) }
        case .addReaction, .removeReaction:
            // `reactions-updated` reaches the room from the store; the ack has the message's reactions.
            guard let request = decode(ReactionRequest.self, event) else { return invalid(event) }
            if let refusal = Self.refusal({ () throws(MessagingError) in try MessageValidator.validate(request) }) { return refusal }
            let command: StoreCommand = kind == .addReaction ? .addReaction(request) : .removeReaction(request)
            return answer(await store.enqueue(command, as: socket.user)) { AckResponse.okJSON(merging: $0) }
        }
    }

    /// Joins: the room subscription is live before the store reads the history, live events that
    /// arrive meanwhile are held, and the history goes out before them. The history's `lastSeq`
    /// (up to where it is complete) is where this socket's live messages start, and the room's
    /// order on this instance if it is its first join.
    private func join(_ request: JoinConversationRequest, socket: MessagingSocket) async -> EventOutcome {
        let room = request.conversationId
        guard socket.hasRoom(for: room) else {
            return .reply(.failure(SocketAllowance.Refusal(reason: .rooms, wait: .zero).error(limits: socket.limits)))
        }
        let isNew = socket.beginJoin(room)
        if isNew { await subscribe(socket, to: room) }
        let pending = await store.enqueue(.joinConversation(request), as: socket.user)
        return .whenStoreAnswers(pending) { [self] answer in
            switch answer {
            case .failure(let error):
                if isNew { abandon(socket, room: room) }
                return .failure(error)
            case .success(let body):
                let history = try? ConversationHistoryPayload(json: body)
                let lastSeq = history.map { $0.lastSeq ?? $0.messages.last?.seq ?? 0 } ?? 0
                // The client's event is the guide's `{conversationId, messages, hasMore}`: `lastSeq` is
                // between the store and the gateway.
                var shown = history
                shown?.lastSeq = nil
                socket.emit(ServerEvent.conversationHistory.rawValue, shown?.jsonString ?? body)
                if history != nil {
                    settle(socket, room: room, lastSeq: lastSeq)
                } else {
                    socket.completeJoin(room, lastSeq: lastSeq)
                }
                return .ok(JoinConversationAck(conversationId: room, hasMore: history?.hasMore ?? false).jsonString)
            }
        }
    }

    /// A socket's first step into a room: the room's order starts afresh if it is new here, then
    /// the subscription is live.
    private func subscribe(_ socket: MessagingSocket, to room: String) async {
        delivery.prepare(room: room)
        await hub.join(socket, room: room)
    }

    /// A join that did not complete: the socket is out of the room (and the subscription ends with its last socket).
    private func abandon(_ socket: MessagingSocket, room: String) {
        if socket.leave(room) { hub.leave(socket, room: room) }
    }

    /// The store's history held everything up to `lastSeq`: the socket's held events follow, and
    /// the room's order starts there if this is its first join here.
    private func settle(_ socket: MessagingSocket, room: String, lastSeq: Int) {
        socket.completeJoin(room, lastSeq: lastSeq)
        delivery.joined(room: room, lastSeq: lastSeq)
    }

    /// Calls `body` with the reply: at once, or when the store answers (or times out). No task
    /// waits meanwhile.
    func complete(_ outcome: EventOutcome, _ body: @escaping @Sendable (EventReply) -> Void) {
        switch outcome {
        case .reply(let reply): body(reply)
        case .whenStoreAnswers(let queued, let map): store.whenAnswered(queued) { body(map($0)) }
        }
    }

    /// Ends typing states nobody refreshed.
    func expireTyping() async {
        for (socket, room) in typing.expired() { await broadcastStoppedTyping(socket, room: room) }
    }

    // MARK: Helpers

    private func broadcastStoppedTyping(_ socket: MessagingSocket, room: String) async {
        await broadcast(.userStoppedTyping, UserStoppedTypingPayload(conversationId: room, userId: socket.user.id), room: room, except: socket)
    }

    /// Delivers to the room's other local sockets now and publishes for the other instances
    /// (which drop nothing; this instance drops its own echo).
    private func broadcast(_ event: ServerEvent, _ payload: some JSONWritable, room: String, except socket: MessagingSocket) async {
        let body = payload.jsonString
        let header = BroadcastHeader(event: event.rawValue, origin: instanceID, exceptSocketId: socket.id)
        delivery.deliver(header, body: body, room: room)
        let bytes = BroadcastEnvelope(header: header, body: body).encoded()
        // Typing is live-only and never stored: a failure is logged, not retried.
        do { try await broker.publish(bytes, to: RedisNames.room(room)) } catch {
            logger.debug("typing not published", metadata: ["error": "\(error)"])
        }
    }

    private func answer(_ pending: Result<String, MessagingError>, _ wrap: @escaping @Sendable (String) -> String) -> EventOutcome {
        .whenStoreAnswers(pending) { answer in
            switch answer {
            case .success(let body): .ok(wrap(body))
            case .failure(let error): .failure(error)
            }
        }
    }

    /// `{"ok":true}`.
    static let okJSON = AckResponse.ok(EmptyAck()).jsonString

    /// `{"ok":true,"<member>":<raw JSON>}`.
    static func ack(member: String, rawJSON: String) -> String {
        var json = JSONWriter(capacity: rawJSON.utf8.count + member.utf8.count + 16)
        json.object { ack in
            ack.key("ok"); ack.value(true)
            ack.key(member); ack.raw(rawJSON)
        }
        return json.string
    }

    private func decode<Value: JSONReadable>(_ type: Value.Type, _ event: SocketIOEvent) -> Value? {
        guard let first = event.arguments.first else { return nil }
        return try? Value(json: first)
    }

    /// The failure reply when `check` refuses the input, else `nil`.
    private static func refusal(_ check: () throws(MessagingError) -> Void) -> EventOutcome? {
        do {
            try check()
            return nil
        } catch {
            return .reply(.failure(error))
        }
    }

    private func invalid(_ event: SocketIOEvent) -> EventOutcome {
        .reply(.failure(MessagingError(.validationFailed, "invalid payload for \(event.name)")))
    }
}
