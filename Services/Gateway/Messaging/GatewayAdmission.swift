import EngineIO
import ServiceKit

/// The gateway's handshake limits per client address (``ClientLimits``): a cap on open sessions and a
/// handshake rate, counted by the address the peer is, or the one a trusted proxy names.
struct GatewayAdmission: HandshakeAdmission {
    let proxies: ClientAddressResolver
    let maxSessions: Int
    let handshakes: RateLimiterTable<String>
    let metrics: GatewayMetrics

    init(limits: ClientLimits, proxies: ClientAddressResolver, metrics: GatewayMetrics) {
        self.proxies = proxies
        self.maxSessions = limits.maxSessionsPerAddress
        self.handshakes = RateLimiterTable(rate: limits.handshakes)
        self.metrics = metrics
    }

    func address(of handshake: HandshakeRequest) -> String {
        proxies.clientAddress(peer: handshake.remoteIP, headers: handshake.headers)
    }

    func admit(address: String, openSessions: Int) -> String? {
        if openSessions >= maxSessions {
            metrics.refused(.sessionsPerAddress)
            return "too many connections from this address"
        }
        if let wait = handshakes.take(address) {
            metrics.refused(.handshakeRate)
            return "too many connection attempts from this address: try again in \(wait.roundedUpSeconds) s"
        }
        return nil
    }
}
