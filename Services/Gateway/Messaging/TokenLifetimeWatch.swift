import Foundation
import Logging
import MessagingProtocol
import ServiceLifecycle
import TokenVerification

/// No socket outlives its token: once a token's `exp` (plus a short grace) has passed, its sockets
/// get an `error` event `{code: TOKEN_EXPIRED}` and a namespace disconnect, so the frontend connects
/// again with a fresh token. Revocations are also read back from Redis every `recheck`, so a
/// `token-revoked` publish missed while the subscriber was reconnecting still closes the socket.
final class TokenLifetimeWatch: Service, Sendable {
    let hub: Hub
    let revocations: RedisRevocationList
    let grace: Duration
    let recheck: Duration
    let metrics: GatewayMetrics
    let logger: Logger

    init(hub: Hub, revocations: RedisRevocationList, grace: Duration, recheck: Duration, metrics: GatewayMetrics, logger: Logger) {
        self.hub = hub
        self.revocations = revocations
        self.grace = grace
        self.recheck = recheck
        self.metrics = metrics
        self.logger = logger
    }

    func run() async throws {
        let tick = min(recheck, .seconds(1))
        var nextRecheck = ContinuousClock.now + recheck
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
            } catch {
                return
            }
            closeExpired(now: Date())
            if ContinuousClock.now >= nextRecheck {
                await closeRevoked()
                nextRecheck = ContinuousClock.now + recheck
            }
        }
    }

    /// Closes the sockets whose token expired more than `grace` ago.
    func closeExpired(now: Date) {
        let graceSeconds = Double(grace.components.seconds) + Double(grace.components.attoseconds) / 1e18
        for socket in hub.allSockets where socket.tokenExpiry.addingTimeInterval(graceSeconds) <= now && socket.beginServerClose() {
            logger.info("token expired: disconnecting", metadata: ["socket": "\(socket.id)", "user": "\(socket.user.id)"])
            metrics.refused(.tokenExpired)
            let error = MessagingError(.tokenExpired, "the token expired: connect again with a fresh one")
            socket.emit(ServerEvent.error.rawValue, ErrorEventPayload(error: error, event: "connect").jsonString)
            socket.connection.disconnect(reason: "token expired")
        }
    }

    /// Closes the sockets whose token is listed as revoked (`revoked:{jti}`, or all its user's
    /// tokens up to a time: `revoked:user:{id}`).
    func closeRevoked() async {
        let sockets = hub.allSockets
        let revoked: Set<String>
        do {
            let tokens = Set(sockets.map { RedisRevocationList.Token(id: $0.tokenID, userID: $0.user.id, issuedAt: $0.tokenIssuedAt) })
            revoked = try await revocations.revoked(among: Array(tokens))
        } catch {
            logger.warning("revocations not rechecked", metadata: ["error": "\(error)"])
            return
        }
        for socket in sockets where revoked.contains(socket.tokenID) && socket.beginServerClose() {
            logger.info("token found revoked: disconnecting", metadata: ["socket": "\(socket.id)", "user": "\(socket.user.id)"])
            metrics.refused(.revoked)
            socket.forbidRecovery()
            socket.connection.disconnect(reason: "token revoked")
        }
    }
}
