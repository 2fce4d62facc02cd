/// The local sockets of one user or one room, by socket id. Most users have one socket here, and in
/// a two-person conversation a room has one on each instance: a single socket is kept without a
/// dictionary of its own (an idle socket's share of the ``Hub`` is then an entry, not a dictionary).
struct LocalSockets {
    private enum Storage {
        case one(MessagingSocket)
        case many([String: MessagingSocket])
    }

    private var storage: Storage

    init(_ socket: MessagingSocket) {
        storage = .one(socket)
    }

    /// Adds `socket` (or replaces the one with its id); whether it was not there yet.
    @discardableResult
    mutating func insert(_ socket: MessagingSocket) -> Bool {
        switch storage {
        case .one(let existing):
            if existing.id == socket.id {
                storage = .one(socket)
                return false
            }
            storage = .many([existing.id: existing, socket.id: socket])
            return true
        case .many(var sockets):
            storage = .many([:])  // One reference to the dictionary while it changes: no copy.
            let isNew = sockets.updateValue(socket, forKey: socket.id) == nil
            storage = .many(sockets)
            return isNew
        }
    }

    /// Removes the socket with this id; whether it was there.
    @discardableResult
    mutating func remove(id: String) -> Bool {
        switch storage {
        case .one(let existing):
            guard existing.id == id else { return false }
            storage = .many([:])
            return true
        case .many(var sockets):
            storage = .many([:])
            let removed = sockets.removeValue(forKey: id) != nil
            storage = sockets.count == 1 ? .one(sockets.values.first!) : .many(sockets)
            return removed
        }
    }

    var isEmpty: Bool {
        if case .many(let sockets) = storage { sockets.isEmpty } else { false }
    }

    /// Every socket, in no particular order.
    var all: [MessagingSocket] {
        switch storage {
        case .one(let socket): [socket]
        case .many(let sockets): Array(sockets.values)
        }
    }

    /// One of them.
    var any: MessagingSocket? {
        switch storage {
        case .one(let socket): socket
        case .many(let sockets): sockets.values.first
        }
    }
}
