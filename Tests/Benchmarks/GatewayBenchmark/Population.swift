import Foundation
import MessagingProtocol
import TestSupport

/// The users and conversations of a run: rooms of `members` users each, created in the store (the
/// gateway lets only participants join), and a token per user. With `--store none` (the Node peer)
/// rooms are fresh ids.
struct Population: Sendable {
    struct Member: Sendable {
        var user: String
        var token: String
        var room: String
        /// Whether it sends `send-message` (the first `senders` members of each room).
        var sends = false
    }

    var rooms: [String]
    var members: [Member]

    static func create(_ options: BenchmarkOptions) async throws -> Population {
        let size = options.scenario == .idle ? 10 : options.members
        let roomCount = options.scenario == .idle ? (options.connections + size - 1) / size : options.rooms
        let run = UUID().uuidString.prefix(6).lowercased()
        var rooms = [String]()
        var members = [Member]()
        for index in 0..<roomCount {
            let users = (0..<size).map { "bench-\(run)-\(index)-\($0)" }
            let tokens = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for (position, user) in users.enumerated() {
                    group.addTask {
                        (position, try await TestTokens.hs256(UserSummary(id: user, firstName: "Bench", role: .client), expiresIn: 7200, secret: options.secret))
                    }
                }
                var tokens = [String](repeating: "", count: users.count)
                for try await (position, token) in group { tokens[position] = token }
                return tokens
            }
            let room: String
            if options.storeURL == "none" {
                // The peer (socket.io + redis-adapter + pg) has no conversations: any room id joins.
                room = UUID().uuidString.lowercased()
            } else {
                let body = try await HTTP.request(
                    .POST, options.storeURL + "/api/conversations", token: tokens[0],
                    json: CreateConversationRequest(participantIds: Array(users.dropFirst()), subject: "bench \(index)"))
                room = try MessagingJSON.decode(ConversationResponse.self, from: Data(body.utf8)).conversation.id
            }
            rooms.append(room)
            for (position, (user, token)) in zip(users, tokens).enumerated() {
                members.append(Member(user: user, token: token, room: room, sends: options.scenario.sends && position < options.senders))
            }
        }
        if options.scenario == .idle { members = Array(members.prefix(options.connections)) }
        return Population(rooms: rooms, members: members)
    }
}
