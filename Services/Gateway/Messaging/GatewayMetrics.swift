import Foundation
import MessagingProtocol
import Metrics

/// The gateway's metrics; every label comes from a small fixed set (never a user, room or message).
final class GatewayMetrics: Sendable {
    let sockets = Gauge(label: "gateway_sockets")
    let rooms = Gauge(label: "gateway_rooms")
    let fanout = Counter(label: "gateway_broadcast_deliveries_total")
    let broadcasts = Counter(label: "gateway_broadcasts_total")
    /// Sockets given back their connection state (rooms and missed messages).
    let recoveries = Counter(label: "gateway_recovered_sockets_total")
    /// Messages a room read from the store because publishes were late or lost.
    let repairs = Counter(label: "gateway_room_repairs_total")

    /// One counter per known event name (and `other`), made once: the fan-out path only increments.
    private let eventsIn = GatewayMetrics.counters("gateway_events_in_total", dimension: "event", values: GatewayMetrics.eventLabels)
    private let eventsOut = GatewayMetrics.counters("gateway_events_out_total", dimension: "event", values: GatewayMetrics.eventLabels)
    private let acks = GatewayMetrics.counters(
        "gateway_acks_total", dimension: "outcome", values: ["ok"] + ErrorCode.allCases.map { $0.rawValue.lowercased() })

    private let refusals = GatewayMetrics.counters(
        "gateway_refusals_total", dimension: "reason", values: GatewayRefusal.allCases.map(\.rawValue))

    /// From a store's publish to this gateway (clocks in step: NTP).
    private let publishDelivery = Timer(label: "gateway_publish_delivery_seconds", preferredDisplayUnit: .seconds)
    /// From a client's event to the store's answer (send → ack), per event.
    private let storeAnswers = Dictionary(
        ClientEvent.allCases.filter(SocketAllowance.waitsForStore).map { ($0.rawValue, Timer(label: "gateway_store_answer_seconds", dimensions: [("event", $0.rawValue)], preferredDisplayUnit: .seconds)) },
        uniquingKeysWith: { first, _ in first })

    /// A broadcast published at `sentAt` (Unix milliseconds) arrived.
    func published(at sentAt: Int) {
        let milliseconds = Date().timeIntervalSince1970 * 1000 - Double(sentAt)
        publishDelivery.recordNanoseconds(Int64(max(0, milliseconds) * 1_000_000))
    }

    /// The store answered an event after `duration`.
    func storeAnswered(_ event: ClientEvent, after duration: Duration) {
        storeAnswers[event.rawValue]?.record(duration: duration)
    }

    /// A client was refused something by a limit or a check.
    func refused(_ reason: GatewayRefusal) { refusals[reason.rawValue]?.increment() }

    func eventIn(_ name: String) {
        (eventsIn[name] ?? eventsIn["other"])?.increment()
    }

    func eventOut(_ name: String, count: Int = 1) {
        (eventsOut[name] ?? eventsOut["other"])?.increment(by: count)
    }

    func recovered() { recoveries.increment() }

    func ack(_ outcome: String) {
        acks[outcome]?.increment()
    }

    /// Event names are the contract's; anything else counts as `other` (clients choose names).
    private static let eventLabels = ClientEvent.allCases.map(\.rawValue) + ServerEvent.allCases.map(\.rawValue) + ["other"]

    private static func counters(_ label: String, dimension: String, values: [String]) -> [String: Counter] {
        Dictionary(values.map { ($0, Counter(label: label, dimensions: [(dimension, $0)])) }, uniquingKeysWith: { first, _ in first })
    }

}
