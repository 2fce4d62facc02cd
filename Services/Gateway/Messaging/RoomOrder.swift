import MessagingProtocol
import Synchronization

/// One room's ``RoomSequencer`` on this instance, under its own lock: what it releases is delivered
/// while the lock is held, so two releases never interleave on a socket.
///
/// Whenever the sequencer starts or stops awaiting a repair (``RoomSequencer/awaitsRepair``), the
/// order tells `watch`, under its lock: the repairer looks at the rooms in trouble only, not at
/// every room of the instance ten times a second.
final class RoomOrder: Sendable {
    /// A `new-message` as it arrived: its header and raw body.
    typealias Event = (header: BroadcastHeader, body: String)

    private struct State {
        var sequencer = RoomSequencer<Event>()
        /// What `watch` was last told.
        var awaitsRepair = false
    }

    let room: String
    let createdAt: ContinuousClock.Instant
    private let state = Mutex(State())
    private let watch: @Sendable (RoomOrder, _ awaitsRepair: Bool) -> Void

    init(room: String, createdAt: ContinuousClock.Instant = .now, watch: @escaping @Sendable (RoomOrder, _ awaitsRepair: Bool) -> Void = { _, _ in }) {
        self.room = room
        self.createdAt = createdAt
        self.watch = watch
    }

    /// Runs `body` on the sequencer and hands what it released, in order, to `deliver`, under the lock.
    func update(
        _ body: (inout RoomSequencer<Event>) -> [(seq: Int, event: Event)], deliver: (Event) -> Void
    ) {
        state.withLock { state in
            for (_, event) in body(&state.sequencer) { deliver(event) }
            tellWatch(&state)
        }
    }

    /// Reads the sequencer.
    func read<Value>(_ body: (inout RoomSequencer<Event>) -> Value) -> Value {
        state.withLock { state in
            let value = body(&state.sequencer)
            tellWatch(&state)
            return value
        }
    }

    private func tellWatch(_ state: inout State) {
        let awaits = state.sequencer.awaitsRepair
        guard awaits != state.awaitsRepair else { return }
        state.awaitsRepair = awaits
        watch(self, awaits)
    }
}
