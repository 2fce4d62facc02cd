import MessagingProtocol
import Synchronization

/// The author profiles this store last committed, so a batch writes only the profiles that changed
/// (a busy sender's claims are the same in every batch: without it each batch rewrote, and logged,
/// the same `users` rows).
///
/// Remembered only after a commit. Another instance may have written the user's row since: what
/// this one skips is then a profile from verified claims that another write already superseded.
/// Past `capacity` entries it starts afresh (a miss only costs one upsert).
final class ProfileCache: Sendable {
    private let written = Mutex<[String: UserSummary]>([:])
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The users whose profile differs from the one last committed.
    func changed(_ users: some Sequence<UserSummary>) -> [UserSummary] {
        written.withLock { known in users.filter { known[$0.id] != $0 } }
    }

    /// Records committed profiles.
    func remember(_ users: [UserSummary]) {
        guard !users.isEmpty else { return }
        written.withLock { known in
            if known.count + users.count > capacity { known.removeAll(keepingCapacity: true) }
            for user in users { known[user.id] = user }
        }
    }
}
