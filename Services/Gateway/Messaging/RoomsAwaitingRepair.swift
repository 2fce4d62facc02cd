import Synchronization

/// The room orders that await a read from the store (a gap, a catch-up), kept up to date by the
/// orders themselves (``RoomOrder``): what the ``RoomRepairer`` looks at each round.
final class RoomsAwaitingRepair: Sendable {
    private let orders = Mutex<[ObjectIdentifier: RoomOrder]>([:])

    /// `order` starts (`true`) or stops awaiting a repair.
    func mark(_ order: RoomOrder, awaiting: Bool) {
        orders.withLock { $0[ObjectIdentifier(order)] = awaiting ? order : nil }
    }

    /// Forgets `order` (no longer its room's: the room was dropped, or joined again afresh).
    func remove(_ order: RoomOrder) {
        orders.withLock { $0[ObjectIdentifier(order)] = nil }
    }

    /// The orders awaiting a repair, in no particular order.
    var current: [RoomOrder] { orders.withLock { Array($0.values) } }
}
