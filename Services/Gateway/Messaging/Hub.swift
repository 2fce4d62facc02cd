import Synchronization

/// The local index of this instance: which sockets are in which conversation room and which
/// belong to which user. Local fan-out only; when a room or user gains its first local socket or
/// loses its last one, the change goes to the ``SubscriptionQueue`` under the hub's lock, so the
/// broker applies them in the order they happened.
final class Hub: Sendable {
    struct State {
        var rooms: [String: LocalSockets] = [:]
        var users: [String: LocalSockets] = [:]
        /// The sockets in `users`, counted as they come and go (a gauge read at each change must
        /// not walk every user: that made each connect cost O(sockets)).
        var sockets = 0
    }

    private let state = Mutex(State())
    private let metrics: GatewayMetrics
    private let subscriptions: SubscriptionQueue

    init(metrics: GatewayMetrics, subscriptions: SubscriptionQueue) {
        self.metrics = metrics
        self.subscriptions = subscriptions
    }

    /// Adds a connected socket to its user's index.
    func add(_ socket: MessagingSocket) async {
        await withCheckedContinuation { (confirmed: CheckedContinuation<Void, Never>) in
            state.withLock { state in
                let isFirst = state.users[socket.user.id] == nil
                if isFirst {
                    state.users[socket.user.id] = LocalSockets(socket)
                    state.sockets += 1
                } else if state.users[socket.user.id]?.insert(socket) == true {
                    state.sockets += 1
                }
                subscriptions.request(isFirst ? .subscribe(RoomChannel.user(socket.user.id), confirmed: confirmed) : .barrier(confirmed))
                record(state)
            }
        }
    }

    /// Removes a socket from its user and from every room.
    func remove(_ socket: MessagingSocket) {
        state.withLock { state in
            for room in socket.joinedRooms { leave(socket, room: room, in: &state) }
            if state.users[socket.user.id]?.remove(id: socket.id) == true { state.sockets -= 1 }
            if state.users[socket.user.id]?.isEmpty == true {
                state.users.removeValue(forKey: socket.user.id)
                subscriptions.request(.unsubscribe(RoomChannel.user(socket.user.id)))
            }
            record(state)
        }
    }

    /// Puts a socket in a room; returns once this instance's subscription to it is live.
    func join(_ socket: MessagingSocket, room: String) async {
        await withCheckedContinuation { (confirmed: CheckedContinuation<Void, Never>) in
            state.withLock { state in
                let isFirst = state.rooms[room] == nil
                if isFirst { state.rooms[room] = LocalSockets(socket) } else { state.rooms[room]?.insert(socket) }
                subscriptions.request(isFirst ? .subscribe(RoomChannel.room(room), confirmed: confirmed) : .barrier(confirmed))
                record(state)
            }
        }
    }

    /// Takes a socket out of a room.
    func leave(_ socket: MessagingSocket, room: String) {
        state.withLock { state in
            leave(socket, room: room, in: &state)
            record(state)
        }
    }

    private func record(_ state: State) {
        metrics.rooms.record(state.rooms.count)
        metrics.sockets.record(state.sockets)
    }

    private func leave(_ socket: MessagingSocket, room: String, in state: inout State) {
        guard state.rooms[room]?.remove(id: socket.id) == true else { return }
        if state.rooms[room]?.isEmpty == true {
            state.rooms.removeValue(forKey: room)
            subscriptions.request(.unsubscribe(RoomChannel.room(room)))
        }
    }

    /// The local sockets of a room.
    func sockets(inRoom room: String) -> [MessagingSocket] {
        state.withLock { state in state.rooms[room]?.all ?? [] }
    }

    /// One local socket of a room, if any (without copying the room's list).
    func anySocket(inRoom room: String) -> MessagingSocket? {
        state.withLock { state in state.rooms[room]?.any }
    }

    /// The local sockets of a user.
    func sockets(ofUser user: String) -> [MessagingSocket] {
        state.withLock { state in state.users[user]?.all ?? [] }
    }

    /// Every local socket.
    var allSockets: [MessagingSocket] { state.withLock { $0.users.values.flatMap(\.all) } }

    /// The users with at least one local socket.
    var userIDs: [String] { state.withLock { Array($0.users.keys) } }

    /// Counts for metrics and logs.
    var counts: (rooms: Int, users: Int) { state.withLock { ($0.rooms.count, $0.users.count) } }
}
