import Foundation
import Logging
import MessagingProtocol
import ServiceKit
import SocketIO
import Synchronization
import Tracing

/// What reaches this instance on its room, user and unread channels, delivered to its sockets: a
/// room event is encoded once and the same bytes go to every local socket of the room; a user event
/// goes to every socket of the user; a token revocation disconnects the sockets opened with that
/// token; each unread count of a commit goes to every local socket of its user.
///
/// A room's `new-message` events go through its ``RoomOrder`` first: once each, in `seq` order,
/// however the stores' publishes interleave (a gap that lasts is read from the store by the
/// ``RoomRepairer``). Each socket also drops a `seq` its own history already held.
final class RoomDelivery: Sendable {
    private let orders = Mutex<[String: RoomOrder]>([:])
    /// The orders with a gap or a catch-up: what the repairer looks at.
    private let awaitingRepair = RoomsAwaitingRepair()
    /// When rooms without local sockets were last forgotten (``ordersAwaitingRepair(forgetEmptyOlderThan:)``).
    private let lastSweep = Mutex(ContinuousClock.now)
    private let hub: Hub
    private let metrics: GatewayMetrics
    private let instanceID: String
    private let offsets: Bool
    private let logger: Logger

    /// - Parameter offsets: `new-message` packets carry an offset as their last argument (connection state recovery).
    init(hub: Hub, metrics: GatewayMetrics, instanceID: String, offsets: Bool = false, logger: Logger) {
        self.hub = hub
        self.metrics = metrics
        self.instanceID = instanceID
        self.offsets = offsets
        self.logger = logger
    }

    /// A room event's packet, encoded once for every socket; a `new-message` carries its offset
    /// when connection state recovery is on.
    func packet(event: String, body: String, room: String, seq: Int?) -> SocketIOEncodedPacket {
        if offsets, let seq, event == ServerEvent.newMessage.rawValue {
            return .event(namespace: MessagingSocket.namespace, name: event, arguments: [body, SessionRecovery.offset(room: room, seq: seq)])
        }
        return .event(namespace: MessagingSocket.namespace, name: event, arguments: [body])
    }

    /// The broadcast envelopes of one read from Redis (what a store's publish transaction sent,
    /// typically), in order; each socket gets what they hold for it in one write.
    func receive(_ messages: [(RoomChannel, [UInt8])]) {
        let frames = SocketFrames()
        for (target, bytes) in messages { receive(target, bytes, into: frames) }
        frames.send()
    }

    /// A broadcast envelope that arrived on a room, user or unread channel.
    private func receive(_ target: RoomChannel, _ bytes: [UInt8], into frames: SocketFrames) {
        guard let envelope = try? BroadcastEnvelope(decoding: bytes) else {
            logger.warning("unreadable broadcast dropped", metadata: ["channel": "\(target)"])
            return
        }
        let header = envelope.header
        if let sentAt = header.sentAt { metrics.published(at: sentAt) }
        // A traced publish: its delivery here is a span of the same trace.
        let span = header.traceParent.map {
            InstrumentationSystem.tracer.startSpan("gateway deliver \(header.event)", context: TraceParent.context($0), ofKind: .consumer)
        }
        defer { span?.end() }
        switch target {
        case .room(let room):
            // What this instance published (typing) was delivered locally already.
            if header.origin == instanceID { return }
            if let seq = header.seq, let order = orders.withLock({ $0[room] }) {
                order.update({ $0.receive(seq, (header, envelope.body), now: .now) }) { deliver($0.header, body: $0.body, room: room, into: frames) }
            } else if let after = header.after, let order = orders.withLock({ $0[room] }) {
                // A change of a message: after that message, never before it.
                order.update({ $0.receiveChange(after: after, (header, envelope.body), now: .now) }) {
                    deliver($0.header, body: $0.body, room: room, into: frames)
                }
            } else {
                deliver(header, body: envelope.body, room: room, into: frames)
            }
        case .user(let user):
            if header.event == ControlEvent.tokenRevoked.rawValue {
                revoke(envelope.body, user: user)
                return
            }
            let packet = SocketIOEncodedPacket.event(namespace: MessagingSocket.namespace, name: header.event, arguments: [envelope.body])
            let sockets = hub.sockets(ofUser: user)
            for socket in sockets where socket.id != header.exceptSocketId { frames.add(packet, for: socket) }
            metrics.eventOut(header.event, count: sockets.count)
        case .unreadCounts:
            deliverUnread(envelope.body, event: header.event, into: frames)
        case .gateway:
            break
        }
    }

    /// A commit's unread counts: each to this instance's sockets of its user (most users of a
    /// busy deployment are on other instances, and cost one lookup here).
    private func deliverUnread(_ body: String, event: String, into frames: SocketFrames) {
        guard let counts = try? [UserUnreadCount](json: body) else {
            logger.warning("unreadable unread counts dropped", metadata: ["channel": "\(RedisNames.unreadCounts)"])
            return
        }
        var delivered = 0
        for count in counts {
            let sockets = hub.sockets(ofUser: count.userId)
            guard !sockets.isEmpty else { continue }
            let packet = SocketIOEncodedPacket.event(namespace: MessagingSocket.namespace, name: event, arguments: [count.payload.jsonString])
            for socket in sockets { frames.add(packet, for: socket) }
            delivered += sockets.count
        }
        metrics.eventOut(event, count: delivered)
    }

    /// Encodes once and hands the same bytes to every local socket of the room (sent at once, or
    /// with what else `frames` gathers for each socket).
    func deliver(_ header: BroadcastHeader, body: String, room: String, into frames: SocketFrames? = nil) {
        let packet = packet(event: header.event, body: body, room: room, seq: header.seq)
        let sockets = hub.sockets(inRoom: room)
        var delivered = 0
        for socket in sockets where socket.id != header.exceptSocketId {
            if let frames {
                if socket.admits(packet, seq: header.seq, room: room) { frames.add(packet, for: socket) }
            } else {
                socket.deliver(packet, seq: header.seq, room: room)
            }
            delivered += 1
        }
        metrics.broadcasts.increment()
        metrics.fanout.increment(by: delivered)
        metrics.eventOut(header.event, count: delivered)
    }

    // MARK: Ordering

    /// Before a room's first local join subscribes: a fresh order, waiting for that join's history.
    func prepare(room: String) {
        orders.withLock { orders in
            guard orders[room] == nil || hub.anySocket(inRoom: room) == nil else { return }
            orders[room] = RoomOrder(room: room) { [awaitingRepair] order, awaits in awaitingRepair.mark(order, awaiting: awaits) }
        }
    }

    /// A join's history held everything up to `seq` (the room's baseline if it is its first).
    func joined(room: String, lastSeq: Int) {
        guard let order = orders.withLock({ $0[room] }) else { return }
        order.update({ $0.baseline(lastSeq, now: .now) }) { deliver($0.header, body: $0.body, room: room) }
    }

    /// This instance may have missed publishes (its subscription came back): every room catches up.
    func catchUpAll() {
        for order in orders.withLock({ Array($0.values) }) { order.read { $0.catchUp() } }
    }

    /// The orders awaiting a read from the store (a gap, a catch-up), for the repairer: as many as
    /// the rooms in trouble, whatever the number of rooms. Rooms without a local socket for `age`
    /// are forgotten, in a sweep over every room once per tenth of `age`.
    func ordersAwaitingRepair(forgetEmptyOlderThan age: Duration) -> [RoomOrder] {
        let now = ContinuousClock.now
        let sweep = lastSweep.withLock { last in
            guard now - last >= age / 10 else { return false }
            last = now
            return true
        }
        if sweep {
            orders.withLock { orders in
                for (room, order) in orders where now - order.createdAt > age && hub.anySocket(inRoom: room) == nil {
                    orders.removeValue(forKey: room)
                }
            }
        }
        let awaiting = awaitingRepair.current
        guard !awaiting.isEmpty else { return [] }
        // An order no longer its room's (forgotten above, or replaced by a later join; perhaps a
        // repair of it was in flight) leaves the list here.
        var current = [RoomOrder](), stale = [RoomOrder]()
        orders.withLock { orders in
            for order in awaiting {
                if orders[order.room] === order { current.append(order) } else { stale.append(order) }
            }
        }
        for order in stale { awaitingRepair.remove(order) }
        return current
    }

    /// Messages read from the store for a room: delivered in order with what was waiting.
    func fill(_ order: RoomOrder, with messages: [MessagingMessage], more: Bool) {
        if !messages.isEmpty { metrics.repairs.increment(by: messages.count) }
        let events = messages.map { message in
            (seq: message.seq, event: (header: BroadcastHeader(event: ServerEvent.newMessage.rawValue, seq: message.seq), body: message.encodedJSON))
        }
        order.update({ $0.fill(events, more: more, now: .now) }) { deliver($0.header, body: $0.body, room: order.room) }
    }

    /// Whether a revocation reaches a socket: its token, or every token of its user up to a time.
    static func revokes(_ payload: TokenRevokedPayload, _ socket: MessagingSocket) -> Bool {
        if let before = payload.revokedBefore { return Int(socket.tokenIssuedAt.timeIntervalSince1970) <= before }
        return socket.tokenID == payload.tokenId
    }

    private func revoke(_ body: String, user: String) {
        guard let payload = try? TokenRevokedPayload(json: body) else { return }
        for socket in hub.sockets(ofUser: user) where Self.revokes(payload, socket) {
            logger.info("token revoked: disconnecting", metadata: ["socket": "\(socket.id)", "user": "\(user)"])
            socket.forbidRecovery()
            socket.connection.disconnect(reason: "token revoked")
        }
    }
}
