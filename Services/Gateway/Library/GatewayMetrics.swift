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

    /// One counter per known event name (and `other`), made once: the fan-out path only increments.
    private let eventsIn = GatewayMetrics.counters("gateway_events_in_total", dimension: "event", values: GatewayMetrics.eventLabels)
    private let eventsOut = GatewayMetrics.counters("gateway_events_out_total", dimension: "event", values: GatewayMetrics.eventLabels)
    private let acks = GatewayMetrics.counters(
        "gateway_acks_total", dimension: "outcome", values: ["ok"] + ErrorCode.allCases.map { $0.rawValue.lowercased() })

    func eventIn(_ name: String) {
        (eventsIn[name] ?? eventsIn["other"])?.increment()
    }

    func eventOut(_ name: String, count: Int = 1) {
        (eventsOut[name] ?? eventsOut["other"])?.increment(by: count)
    }

    func ack(_ outcome: String) {
        acks[outcome]?.increment()
    }

    /// Event names are the contract's; anything else counts as `other` (clients choose names).
    private static let eventLabels = ClientEvent.allCases.map(\.rawValue) + ServerEvent.allCases.map(\.rawValue) + ["other"]

    private static func counters(_ label: String, dimension: String, values: [String]) -> [String: Counter] {
        Dictionary(values.map { ($0, Counter(label: label, dimensions: [(dimension, $0)])) }, uniquingKeysWith: { first, _ in first })
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
