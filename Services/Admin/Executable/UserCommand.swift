import ArgumentParser
import Foundation
import MessagingProtocol
import MessagingRedis
import NIOCore

/// `messaging-admin user sessions|revoke-token`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "A user's presence and tokens.", subcommands: [Sessions.self, RevokeToken.self])

    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Whether the user is online, and on which gateway.")
        @OptionGroup var connections: Connections
        @Argument(help: "The user id") var user: String

        struct Answer: Encodable {
            var userId: String
            var online: Bool
            var gateway: String?
            var presenceExpiresInSeconds: Double?
        }

        func run() async throws {
            try await reporting {
                let answer = try await connections.withRedis { redis in
                    let key = RedisNames.presence(user)
                    let gateway = try await redis.get(key).map { String(buffer: $0) }
                    let ttl = try await redis.send(RedisCommand([.string("PTTL"), redis.key(key)])).int ?? -2
                    return Answer(userId: user, online: gateway != nil, gateway: gateway, presenceExpiresInSeconds: ttl > 0 ? Double(ttl) / 1000 : nil)
                }
                try connections.print(answer) {
                    answer.online ? "\(user) is online on \(answer.gateway ?? "?") (presence for \(answer.presenceExpiresInSeconds ?? 0) s more)" : "\(user) is offline"
                }
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
                    try await redis.set(RedisNames.revokedToken(tokenID), to: ByteBuffer(string: "1"), expiresIn: .seconds(expiresIn + 1))
                    let body = TokenRevokedPayload(tokenId: tokenID).jsonString
                    let envelope = BroadcastEnvelope(header: BroadcastHeader(event: ControlEvent.tokenRevoked.rawValue, origin: "messaging-admin"), body: body)
                    try await redis.publish(ByteBuffer(bytes: envelope.encoded()), to: RedisNames.user(user))
                }
                try connections.print(["revoked": tokenID]) { "token \(tokenID) of \(user) revoked" }
            }
        }
    }
}
