import JSONCoding

/// What Socket.IO connection state recovery keeps of a socket whose session ended: its ids, its
/// user, and where each of its rooms stood (the last `seq` it was given). Kept in Redis under its
/// `pid` for the recovery window, so the next connection may land on any gateway.
struct RecoverableSession: Sendable, Hashable {
    var sid: String
    var pid: String
    var userID: String
    var rooms: [Room]

    struct Room: Sendable, Hashable {
        var id: String
        var lastSeq: Int
    }
}

extension RecoverableSession: JSONReadable, JSONWritable {
    init(reading json: inout JSONReader) throws(JSONReader.Failure) {
        var sid: String?, pid: String?, userID: String?, rooms: [Room] = []
        try json.object { reader, key throws(JSONReader.Failure) in
            if key == "sid" {
                sid = try reader.string()
            } else if key == "pid" {
                pid = try reader.string()
            } else if key == "userId" {
                userID = try reader.string()
            } else if key == "rooms" {
                try reader.array { reader throws(JSONReader.Failure) in
                    var id: String?, lastSeq: Int?
                    try reader.object { reader, key throws(JSONReader.Failure) in
                        if key == "id" { id = try reader.string() } else if key == "lastSeq" { lastSeq = try reader.int() } else { try reader.skip() }
                    }
                    guard let id, let lastSeq else { throw reader.missing("id and lastSeq") }
                    rooms.append(Room(id: id, lastSeq: lastSeq))
                }
            } else {
                try reader.skip()
            }
        }
        guard let sid else { throw json.missing("sid") }
        guard let pid else { throw json.missing("pid") }
        guard let userID else { throw json.missing("userId") }
        self.init(sid: sid, pid: pid, userID: userID, rooms: rooms)
    }

    func write(to json: inout JSONWriter) {
        json.object { session in
            session.key("sid"); session.value(sid)
            session.key("pid"); session.value(pid)
            session.key("userId"); session.value(userID)
            session.key("rooms")
            session.array { list in
                for room in rooms {
                    list.object { entry in
                        entry.key("id"); entry.value(room.id)
                        entry.key("lastSeq"); entry.value(room.lastSeq)
                    }
                }
            }
        }
    }
}
