/// The order of one room's `new-message` events on this instance, as a pure state machine: each is
/// delivered once, in `seq` order, whatever order the stores' publishes arrive in.
///
/// Until the room's first join tells what its history held (``baseline(_:now:)``), events are held.
/// After that an event right after the last one delivered goes out at once with whatever it
/// unblocks; an earlier one is a duplicate and is dropped; a later one waits for the ones before it.
/// A gap that lasts (``repairNeeded(now:patience:)``) is read from the store and handed to
/// ``fill(_:now:)``; so is a catch-up after the instance missed publishes (``catchUp()``).
struct RoomSequencer<Event> {
    /// The highest `seq` delivered in order; `nil` until the baseline is known.
    private(set) var delivered: Int?
    private var early: [Int: Event] = [:]
    /// Changes of messages not delivered yet (their `after`), in arrival order.
    private var changes: [(after: Int, event: Event)] = []
    private var gapSince: ContinuousClock.Instant?
    private var catchUpRequested = false
    /// A store read for this room is in flight.
    private(set) var repairing = false

    /// A `new-message` with `seq` arrived: the events to deliver now, in order.
    mutating func receive(_ seq: Int, _ event: Event, now: ContinuousClock.Instant) -> [(seq: Int, event: Event)] {
        if let delivered, seq <= delivered { return [] }
        early[seq] = early[seq] ?? event
        return release(now: now)
    }

    /// A change of the message `after` (an edit, a delete, reactions): out at once if that message
    /// was delivered, else held and released right after it, so no change precedes its message.
    mutating func receiveChange(after: Int, _ event: Event, now: ContinuousClock.Instant) -> [(seq: Int, event: Event)] {
        if let delivered, after <= delivered { return [(after, event)] }
        changes.append((after, event))
        return release(now: now)
    }

    /// The first join's history held everything up to `seq`: what follows it goes out. Later joins
    /// change nothing (their sockets filter by their own history).
    mutating func baseline(_ seq: Int, now: ContinuousClock.Instant) -> [(seq: Int, event: Event)] {
        guard delivered == nil else { return [] }
        delivered = seq
        early = early.filter { $0.key > seq }
        return release(now: now)
    }

    /// The instance may have missed publishes (its subscription came back): read what follows the
    /// last delivered `seq` from the store.
    mutating func catchUp() {
        if delivered != nil { catchUpRequested = true }
    }

    /// The `seq` after which to read from the store, when a gap has lasted `patience` or a catch-up
    /// is asked, and no read is in flight; marks the read in flight.
    mutating func repairNeeded(now: ContinuousClock.Instant, patience: Duration) -> Int? {
        guard let delivered, !repairing else { return nil }
        let gapLasted = gapSince.map { now - $0 >= patience } ?? false
        guard gapLasted || catchUpRequested else { return nil }
        repairing = true
        catchUpRequested = false
        return delivered
    }

    /// Messages read from the store after a ``repairNeeded(now:patience:)`` (in any order, possibly
    /// some already delivered); `more` when the store has more after them. What they unblock goes out.
    mutating func fill(_ messages: [(seq: Int, event: Event)], more: Bool, now: ContinuousClock.Instant) -> [(seq: Int, event: Event)] {
        repairing = false
        if more { catchUpRequested = true }
        for (seq, event) in messages where seq > (delivered ?? Int.max) { early[seq] = early[seq] ?? event }
        return release(now: now)
    }

    /// The store read failed: asked again after the patience.
    mutating func repairFailed(now: ContinuousClock.Instant) {
        repairing = false
        if !early.isEmpty { gapSince = now } else { catchUpRequested = true }
    }

    /// Whether ``repairNeeded(now:patience:)`` may ask for a read, now or once the gap has lasted
    /// long enough: a gap or a catch-up, after the baseline, with no read in flight.
    var awaitsRepair: Bool { delivered != nil && !repairing && (gapSince != nil || catchUpRequested) }

    /// Events held, waiting for the baseline or for a missing `seq`.
    var heldCount: Int { early.count + changes.count }

    private mutating func release(now: ContinuousClock.Instant) -> [(seq: Int, event: Event)] {
        guard var last = delivered else { return [] }
        var out: [(seq: Int, event: Event)] = []
        // Changes of messages the history (or an earlier release) already covered.
        releaseChanges(upTo: last, into: &out)
        while let next = early.removeValue(forKey: last + 1) {
            last += 1
            out.append((last, next))
            releaseChanges(upTo: last, into: &out)
        }
        delivered = last
        if early.isEmpty {
            gapSince = nil
        } else if !out.isEmpty || gapSince == nil {
            // A new gap (or what is left of one after some went out) is timed from now.
            gapSince = now
        }
        return out
    }
}

extension RoomSequencer {
    /// Moves the held changes of messages up to `seq` to `out`, in arrival order.
    private mutating func releaseChanges(upTo seq: Int, into out: inout [(seq: Int, event: Event)]) {
        guard changes.contains(where: { $0.after <= seq }) else { return }
        var kept = [(after: Int, event: Event)]()
        for change in changes {
            if change.after <= seq { out.append((change.after, change.event)) } else { kept.append(change) }
        }
        changes = kept
    }
}

extension RoomSequencer: Sendable where Event: Sendable {}
