import MessagingProtocol
import Synchronization

/// One room's ``RoomSequencer`` on this instance, under its own lock: what it releases is delivered
/// while the lock is held, so two releases never interleave on a socket.
final class RoomOrder: Sendable {
    /// A `new-message` as it arrived: its header and raw body.
    typealias Event = (header: BroadcastHeader, body: String)

    let room: String
    let createdAt: ContinuousClock.Instant
    private let sequencer = Mutex(RoomSequencer<Event>())

    init(room: String, createdAt: ContinuousClock.Instant = .now) {
        self.room = room
        self.createdAt = createdAt
    }

    /// Runs `body` on the sequencer and hands what it released, in order, to `deliver`, under the lock.
    func update(
        _ body: (inout RoomSequencer<Event>) -> [(seq: Int, event: Event)], deliver: (Event) -> Void
    ) {
        sequencer.withLock { sequencer in
            for (_, event) in body(&sequencer) { deliver(event) }
        }
    }

    /// Reads the sequencer.
    func read<Value>(_ body: (inout RoomSequencer<Event>) -> Value) -> Value {
        sequencer.withLock { body(&$0) }
    }
}
