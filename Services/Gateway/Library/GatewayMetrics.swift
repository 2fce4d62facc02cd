import MessagingProtocol
import Metrics
import Synchronization

/// The gateway's metrics; every label comes from a small fixed set (never a user, room or message).
final class GatewayMetrics: Sendable {
    private let connections = [
        "polling": Gauge(label: "gateway_sessions", dimensions: [("transport", "polling")]),
        "websocket": Gauge(label: "gateway_sessions", dimensions: [("transport", "websocket")]),
    ]
    private let counts = Mutex(["polling": 0, "websocket": 0])
    private let upgrades = Counter(label: "gateway_upgrades_total")
    let sockets = Gauge(label: "gateway_sockets")
    let rooms = Gauge(label: "gateway_rooms")
    let fanout = Counter(label: "gateway_broadcast_deliveries_total")
    let broadcasts = Counter(label: "gateway_broadcasts_total")

    func sessionOpened(transport: EngineSession.Machine.Transport) { change(transport, by: 1) }
    func sessionClosed(transport: EngineSession.Machine.Transport) { change(transport, by: -1) }

    func upgraded() {
        upgrades.increment()
        change(.polling, by: -1)
        change(.websocket, by: 1)
    }

    func eventIn(_ name: String) {
        Counter(label: "gateway_events_in_total", dimensions: [("event", Self.label(name))]).increment()
    }

    func eventOut(_ name: String, count: Int = 1) {
        Counter(label: "gateway_events_out_total", dimensions: [("event", Self.label(name))]).increment(by: count)
    }

    func ack(_ outcome: String) {
        Counter(label: "gateway_acks_total", dimensions: [("outcome", outcome)]).increment()
    }

    private static let knownEvents = Set(ClientEvent.allCases.map(\.rawValue) + ServerEvent.allCases.map(\.rawValue))

    /// Event names are the contract's; anything else is `other` (clients choose names).
    private static func label(_ name: String) -> String {
        if knownEvents.contains(name) { return name }
        return "other"
    }

    private func change(_ transport: EngineSession.Machine.Transport, by delta: Int) {
        let key = transport == .polling ? "polling" : "websocket"
        let value = counts.withLock { counts -> Int in
            counts[key, default: 0] += delta
            return counts[key, default: 0]
        }
        connections[key]?.record(value)
    }
}
