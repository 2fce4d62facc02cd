import Synchronization

/// Who is typing where on this instance, and until when: a typing state not refreshed within the
/// timeout ends by itself (the frontend's own 2 s stop may never come: a closed tab, a lost network).
final class TypingTracker: Sendable {
    struct Key: Hashable {
        var socketID: String
        var room: String
    }

    private let timeout: Duration
    private let state = Mutex<[Key: (socket: MessagingSocket, deadline: ContinuousClock.Instant)]>([:])

    init(timeout: Duration) {
        self.timeout = timeout
    }

    /// Starts or refreshes a typing state.
    func start(_ socket: MessagingSocket, room: String, now: ContinuousClock.Instant = .now) {
        state.withLock { $0[Key(socketID: socket.id, room: room)] = (socket, now + timeout) }
    }

    /// Ends a typing state; `true` if there was one.
    @discardableResult
    func stop(_ socket: MessagingSocket, room: String) -> Bool {
        state.withLock { $0.removeValue(forKey: Key(socketID: socket.id, room: room)) != nil }
    }

    /// Removes and returns the states past their deadline.
    func expired(now: ContinuousClock.Instant = .now) -> [(MessagingSocket, String)] {
        state.withLock { states in
            let done = states.filter { $0.value.deadline <= now }
            for key in done.keys { states.removeValue(forKey: key) }
            return done.map { ($0.value.socket, $0.key.room) }
        }
    }
}
