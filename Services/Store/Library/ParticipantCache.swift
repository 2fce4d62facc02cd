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
    private struct Known {
        var members: [String: Set<String>] = [:]
        /// Those of `members` that are end-to-end encrypted.
        var encrypted: Set<String> = []
    }

    private let known = Mutex(Known())
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The participants of those of `conversationIDs` it knows, and which of those are encrypted.
    func participants(of conversationIDs: some Sequence<String>) -> (members: [String: Set<String>], encrypted: Set<String>) {
        known.withLock { known in
            var found = [String: Set<String>]()
            var encrypted = Set<String>()
            for id in conversationIDs {
                guard let members = known.members[id] else { continue }
                found[id] = members
                if known.encrypted.contains(id) { encrypted.insert(id) }
            }
            return (found, encrypted)
        }
    }

    /// Records conversations' participants, and which are encrypted, as read from the database.
    func remember(_ participants: [String: Set<String>], encrypted: Set<String> = []) {
        guard !participants.isEmpty else { return }
        known.withLock { known in
            if known.members.count + participants.count > capacity { known = Known() }
            known.members.merge(participants) { $1 }
            known.encrypted.formUnion(encrypted)
        }
    }
}
