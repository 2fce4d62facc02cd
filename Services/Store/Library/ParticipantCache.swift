import Synchronization

/// Who takes part in each conversation this store has seen, so a batch of sends reads from the
/// database only the conversations it meets for the first time.
///
/// Safe to keep: a conversation's participants (and whether it is encrypted) are set when it is
/// created and never change, and
/// only what a committed transaction wrote is ever read and remembered. Conversations not found
/// are not remembered (one may be created the next moment). Past `capacity` entries it starts
/// afresh (a miss only costs one query).
final class ParticipantCache: Sendable {
    private let known = Mutex<[String: Set<String>]>([:])
    private let encrypted = Mutex<Set<String>>([])
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The participants of those of `conversationIDs` it knows.
    func participants(of conversationIDs: some Sequence<String>) -> [String: Set<String>] {
        known.withLock { known in
            var found = [String: Set<String>]()
            for id in conversationIDs { if let members = known[id] { found[id] = members } }
            return found
        }
    }

    /// Which of `conversationIDs` it knows as end-to-end encrypted (ask only for known ones).
    func encrypted(among conversationIDs: some Sequence<String>) -> Set<String> {
        encrypted.withLock { encrypted in Set(conversationIDs.filter { encrypted.contains($0) }) }
    }

    /// Records conversations' participants, and which are encrypted, as read from the database.
    func remember(_ participants: [String: Set<String>], encrypted newlyEncrypted: Set<String> = []) {
        guard !participants.isEmpty else { return }
        // Encrypted ones first: a reader that finds the members finds the flag too.
        if !newlyEncrypted.isEmpty { encrypted.withLock { $0.formUnion(newlyEncrypted) } }
        known.withLock { known in
            if known.count + participants.count > capacity { known.removeAll(keepingCapacity: true) }
            known.merge(participants) { $1 }
        }
    }
}
