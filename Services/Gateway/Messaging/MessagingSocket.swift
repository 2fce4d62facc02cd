import Foundation
import MessagingProtocol
import SocketIO
import Synchronization

/// One authenticated socket on the `/messaging` namespace: who it is, the rooms it joined, and
/// what reaches it from them.
///
/// While a join waits for its history, live room events are held back; once the history is sent
/// they follow, less any `new-message` the history already held. After that a `new-message` whose
/// `seq` is not above the last one delivered is dropped, so nothing arrives twice.
final class MessagingSocket: Sendable {
    static let namespace = "/messaging"

    enum Membership {
        case joining(held: [(packet: SocketIOEncodedPacket, seq: Int?)])
        case joined(lastSeq: Int)
    }

    /// The Socket.IO socket id.
    let id: String
    /// The verified user.
    let user: UserSummary
    /// The token's `jti` (a revocation closes the sockets opened with it).
    let tokenID: String
    /// When its token expires (it is closed then, after a grace period).
    let tokenExpiry: Date
    /// When its token was issued (a revocation of all the user's tokens up to a time reaches it).
    let tokenIssuedAt: Date
    /// The Socket.IO socket that carries it.
    let connection: SocketIOSocket
    /// Its private session id, with connection state recovery.
    let pid: String?
    /// Rooms a recovered socket is to get back (and where each stood), until ``MessagingEventHandler`` restores them.
    let recovering: [RecoverableSession.Room]
    private let rooms = Mutex<[String: Membership]>([:])
    private let keepsStateOnLoss = Atomic<Bool>(true)
    private let serverClosing = Atomic<Bool>(false)
    private let allowance: Mutex<SocketAllowance>
    /// The gateway's limits, one instance for every socket.
    private let sharedLimits: SharedClientLimits

    /// - Parameters:
    ///   - id: the socket id (a recovered socket keeps its previous one); the connection's by default.
    ///   - pid: its private session id, with connection state recovery.
    ///   - recovering: the rooms of a recovered socket.
    ///   - limits: what it may do (rates, rooms, answers awaited).
    init(
        user: UserSummary, tokenID: String, tokenExpiry: Date = .distantFuture, tokenIssuedAt: Date = .distantPast, connection: SocketIOSocket, id: String? = nil, pid: String? = nil, recovering: [RecoverableSession.Room] = [],
        limits: SharedClientLimits = .defaults
    ) {
        self.id = id ?? connection.id
        self.user = user
        self.tokenID = tokenID
        self.tokenExpiry = tokenExpiry
        self.tokenIssuedAt = tokenIssuedAt
        self.connection = connection
        self.pid = pid
        self.recovering = recovering
        self.sharedLimits = limits
        self.allowance = Mutex(SocketAllowance(limits: limits.value, now: .now))
    }

    // MARK: Limits

    /// Whether it may send this event now (see ``SocketAllowance/admit(_:now:)``).
    func admit(_ event: ClientEvent?) -> SocketAllowance.Refusal? {
        let limits = sharedLimits.value
        return allowance.withLock { $0.admit(event, limits: limits, now: .now) }
    }

    /// An admitted event waits for the store; ``answered()`` follows.
    func awaitAnswer() { allowance.withLock { $0.awaitAnswer() } }

    /// The store answered one of its events.
    func answered() { allowance.withLock { $0.answered() } }

    /// Its limits.
    var limits: ClientLimits { sharedLimits.value }

    /// Whether it may enter one more room (always true for a room it is in).
    func hasRoom(for room: String) -> Bool {
        let most = limits.maxRooms
        return rooms.withLock { $0[room] != nil || $0.count < most }
    }

    /// Whether its state may be kept for recovery when its session ends (not after a revocation).
    var isRecoverable: Bool { pid != nil && keepsStateOnLoss.load(ordering: .relaxed) }

    /// Its state will not be kept (the server ends it for good: a revoked token).
    func forbidRecovery() { keepsStateOnLoss.store(false, ordering: .relaxed) }

    /// The server is ending it (an expired or revoked token): `true` the first time only, so a
    /// sweep that finds it again before it is gone does not end it twice.
    func beginServerClose() -> Bool {
        serverClosing.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }

    /// Where each joined room stands: the last `seq` this socket was given.
    var roomPositions: [RecoverableSession.Room] {
        rooms.withLock { rooms in
            rooms.compactMap { room, membership in
                if case .joined(let lastSeq) = membership { RecoverableSession.Room(id: room, lastSeq: lastSeq) } else { nil }
            }.sorted { $0.id < $1.id }
        }
    }

    /// Emits an event with one raw JSON argument.
    func emit(_ event: String, _ argument: String) {
        connection.send(.event(namespace: Self.namespace, name: event, arguments: [argument]))
    }

    /// Sends an already encoded packet (a broadcast).
    func send(_ packet: SocketIOEncodedPacket) { connection.send(packet) }

    /// Sends encoded packets, in order, in one write.
    func send(_ packets: [SocketIOEncodedPacket]) {
        if !packets.isEmpty { connection.send(packets) }
    }

    // MARK: Rooms

    /// Starts a join: returns `false` when the socket is already in (or entering) the room.
    func beginJoin(_ room: String) -> Bool {
        rooms.withLock { rooms in
            guard rooms[room] == nil else { return false }
            rooms[room] = .joining(held: [])
            return true
        }
    }

    /// The history was sent: the held events follow, less what the history contained.
    func completeJoin(_ room: String, lastSeq: Int) {
        let release: [SocketIOEncodedPacket] = rooms.withLock { rooms in
            guard case .joining(let held) = rooms[room] else { return [] }
            var last = lastSeq
            var packets = [SocketIOEncodedPacket]()
            for (packet, seq) in held {
                if let seq {
                    guard seq > last else { continue }
                    last = seq
                }
                packets.append(packet)
            }
            rooms[room] = .joined(lastSeq: last)
            return packets
        }
        if !release.isEmpty { connection.send(release) }
    }

    /// Leaves (or abandons the join of) a room; `true` if it was in it.
    @discardableResult
    func leave(_ room: String) -> Bool {
        rooms.withLock { $0.removeValue(forKey: room) != nil }
    }

    /// Whether the socket joined (or is joining) the room.
    func isIn(_ room: String) -> Bool { rooms.withLock { $0[room] != nil } }

    /// Whether its join of the room completed: the store found it a participant.
    func hasJoined(_ room: String) -> Bool {
        rooms.withLock { rooms in
            if case .joined = rooms[room] { return true }
            return false
        }
    }

    /// Every room it is in.
    var joinedRooms: [String] { rooms.withLock { Array($0.keys) } }

    /// A live event of a room it is in.
    func deliver(_ packet: SocketIOEncodedPacket, seq: Int?, room: String) {
        if admits(packet, seq: seq, room: room) { connection.send(packet) }
    }

    /// ``deliver(_:seq:room:)`` without the send: whether the caller is to send the packet now
    /// (a joining socket holds it, one that left or already has the `seq` drops it).
    func admits(_ packet: SocketIOEncodedPacket, seq: Int?, room: String) -> Bool {
        rooms.withLock { rooms in
            switch rooms[room] {
            case nil:
                return false
            case .joining(var held):
                held.append((packet, seq))
                rooms[room] = .joining(held: held)
                return false
            case .joined(let lastSeq):
                guard let seq else { return true }
                guard seq > lastSeq else { return false }
                rooms[room] = .joined(lastSeq: seq)
                return true
            }
        }
    }
}
