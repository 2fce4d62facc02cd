import ArgumentParser
import Foundation
import MessagingProtocol
import MessagingRedis
import NIOCore
import TokenVerification

/// `messaging-admin user sessions|revoke-token`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "A user's presence and tokens.", subcommands: [Sessions.self, Revoke.self, RevokeToken.self])

    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Whether the user is online, and on which gateway.")
        @OptionGroup var connections: Connections
        @Argument(help: "The user id") var user: String

        struct Answer: Encodable {
            var userId: String
            var online: Bool
            var gateway: String?
            var presenceExpiresInSeconds: Double?
            /// Every token issued up to this Unix time is revoked.
            var tokensRevokedBefore: Int?
        }

        func run() async throws {
            try await reporting {
                let answer = try await connections.withRedis { redis in
                    let key = RedisNames.presence(user)
                    let gateway = try await redis.get(key).map { String(buffer: $0) }
                    let ttl = try await redis.send(RedisCommand([.string("PTTL"), redis.key(key)])).int ?? -2
                    let before = try await redis.get(RedisNames.revokedUser(user)).flatMap { Int(String(buffer: $0)) }
                    return Answer(
                        userId: user, online: gateway != nil, gateway: gateway, presenceExpiresInSeconds: ttl > 0 ? Double(ttl) / 1000 : nil,
                        tokensRevokedBefore: before)
                }
                try connections.print(answer) {
                    let presence = answer.online ? "\(user) is online on \(answer.gateway ?? "?") (presence for \(answer.presenceExpiresInSeconds ?? 0) s more)" : "\(user) is offline"
                    let revoked = answer.tokensRevokedBefore.map { "\nevery token issued up to \(Date(timeIntervalSince1970: Double($0))) is revoked" } ?? ""
                    return presence + revoked
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke every token the user holds now: refused everywhere, sockets closed at once.")
        @OptionGroup var connections: Connections
        @Argument(help: "The user id") var user: String
        @Option(help: "The longest token lifetime in seconds (the auth service's; the revocation is kept that long)") var tokenLifetime = 86_400

        func run() async throws {
            try await reporting {
                guard MessageValidator.isIdentifier(user), tokenLifetime > 0 else { throw AdminFailure.badInput("a user id and a positive --token-lifetime are needed") }
                let now = Int(Date().timeIntervalSince1970)
                try await connections.withRedis { redis in
                    try await RedisRevocationList(client: redis).revokeAll(userID: user, before: now, keepFor: .seconds(tokenLifetime + 60), origin: "messaging-admin")
                }
                try connections.print(["userId": user, "revokedBefore": String(now)]) { "every token of \(user) issued up to now is revoked; they log in again" }
            }
        }
    }

    struct RevokeToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke one token: refused everywhere, its sockets closed at once.")
        @OptionGroup var connections: Connections
        @Argument(help: "The token's jti") var tokenID: String
        @Option(help: "Its owner (the gateways close that user's sockets opened with it)") var user: String
        @Option(help: "Seconds until the token expires (the revocation is kept that long)") var expiresIn = 86_400

        func run() async throws {
            try await reporting {
                guard MessageValidator.isIdentifier(tokenID), MessageValidator.isIdentifier(user), expiresIn > 0 else {
                    throw AdminFailure.badInput("a token id, a user id and a positive --expires-in are needed")
                }
                try await connections.withRedis { redis in
                    try await RedisRevocationList(client: redis).revoke(tokenID: tokenID, userID: user, expiresIn: .seconds(expiresIn + 1), origin: "messaging-admin")
                }
                try connections.print(["revoked": tokenID]) { "token \(tokenID) of \(user) revoked" }
            }
        }
    }
}
