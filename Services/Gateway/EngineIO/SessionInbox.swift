/// The packets a session received and not yet handled, and whether a drain is handling them —
/// without I/O. A session has no task of its own: the first packet (or the end) after an idle spell
/// asks for a drain, which takes packets in order until the inbox is empty, so one session's
/// packets are never handled concurrently and an idle session holds no task.
struct SessionInbox<Packet> {
    enum PushAction: Equatable {
        /// A drain is running (or the session ended): it will take this.
        case none
        /// Nobody is draining: start a drain.
        case startDrain
        /// More packets wait than the inbox holds: this one is dropped, and the session should end
        /// (a client that sends faster than it is served).
        case overflow
    }

    enum NextAction {
        /// Handle this packet, then ask again.
        case handle(Packet)
        /// The session ended and every packet was handled: run the end, once; the drain stops.
        case end
        /// Nothing left: the drain stops (a later packet starts another).
        case idle
    }

    /// How many packets may wait.
    let limit: Int
    private var packets: [Packet] = []
    private var head = 0
    private var isDraining = false
    private var isFinished = false
    private var hasEnded = false

    /// An inbox holding up to `limit` waiting packets.
    init(limit: Int = .max) { self.limit = limit }

    /// A packet arrived; packets after the end are dropped.
    mutating func push(_ packet: Packet) -> PushAction {
        guard !isFinished else { return .none }
        guard packets.count - head < limit else { return .overflow }
        packets.append(packet)
        return claimDrain()
    }

    /// The session is over: what was received is still handled, then the end runs.
    mutating func finish() -> PushAction {
        guard !isFinished else { return .none }
        isFinished = true
        return claimDrain()
    }

    /// What the running drain does next.
    mutating func next() -> NextAction {
        precondition(isDraining, "next() outside a drain")
        if head < packets.count {
            let packet = packets[head]
            head += 1
            if head == packets.count {
                packets.removeAll(keepingCapacity: false)
                head = 0
            }
            return .handle(packet)
        }
        if isFinished && !hasEnded {
            hasEnded = true
            isDraining = false
            return .end
        }
        isDraining = false
        return .idle
    }

    private mutating func claimDrain() -> PushAction {
        guard !isDraining, !hasEnded else { return .none }
        isDraining = true
        return .startDrain
    }
}
