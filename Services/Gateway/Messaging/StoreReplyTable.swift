/// The store client's requests between the command and its reply, without I/O or a clock: who
/// waits for which request id, replies that overtook their waiter, and requests whose waiter gave
/// up (their late replies are dropped). ``StoreClient`` holds it under one lock and carries out
/// what it returns.
///
/// Generic over the callback, the answer and the instant so it is tested with plain values.
struct StoreReplyTable<Callback, Answer, Instant: Comparable> {
    /// What a new waiter gets.
    enum WaitAction {
        /// The reply came first: call the waiter with it now.
        case answer(Answer)
        /// Kept until the reply or the deadline.
        case wait
    }

    /// What an arriving reply does.
    enum ReplyAction {
        /// Call this waiter with the answer.
        case answer(Callback)
        /// Its waiter gave up: dropped.
        case late
        /// Nobody waits yet (the waiter registers just after the command is queued): kept.
        case early
    }

    private var waiting: [String: (callback: Callback, deadline: Instant)] = [:]
    /// Replies that overtook their waiter, kept until `until`.
    private var early: [String: (answer: Answer, until: Instant)] = [:]
    /// Requests whose waiter timed out, remembered until `until` so a late reply is dropped.
    private var abandoned: [String: Instant] = [:]

    /// A waiter for `requestID`, answered by its reply or expired at `deadline`.
    mutating func wait(for requestID: String, deadline: Instant, callback: Callback) -> WaitAction {
        if let reply = early.removeValue(forKey: requestID) { return .answer(reply.answer) }
        waiting[requestID] = (callback, deadline)
        return .wait
    }

    /// The store's reply to `requestID`; an early one is kept until `keepUntil`.
    mutating func reply(to requestID: String, answer: Answer, keepUntil: Instant) -> ReplyAction {
        if let waiter = waiting.removeValue(forKey: requestID) { return .answer(waiter.callback) }
        if abandoned.removeValue(forKey: requestID) != nil { return .late }
        early[requestID] = (answer, keepUntil)
        return .early
    }

    /// The waiters whose deadline is not after `now` (removed; a late reply to them is dropped
    /// until `forgetLateAfter`), and forgets early replies and abandoned ids past their time.
    mutating func expire(now: Instant, forgetLateAfter: Instant) -> [Callback] {
        early = early.filter { $0.value.until > now }
        abandoned = abandoned.filter { $0.value > now }
        let expired = waiting.filter { $0.value.deadline <= now }
        guard !expired.isEmpty else { return [] }
        for id in expired.keys {
            waiting.removeValue(forKey: id)
            abandoned[id] = forgetLateAfter
        }
        return expired.values.map(\.callback)
    }

    /// Every waiter, removed (the client stops: nobody will answer them).
    mutating func removeAll() -> [Callback] {
        defer { waiting.removeAll() }
        return waiting.values.map(\.callback)
    }

    /// How many wait now.
    var waitingCount: Int { waiting.count }

    /// Whether a callback still waits for `requestID`.
    func isWaiting(_ requestID: String) -> Bool { waiting[requestID] != nil }
}
