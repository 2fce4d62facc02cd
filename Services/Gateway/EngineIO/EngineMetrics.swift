import Metrics
import Synchronization

/// The Engine.IO layer's metrics: open sessions per transport and completed upgrades.
package final class EngineMetrics: Sendable {
    private let gauges = [
        EngineTransport.polling: Gauge(label: "gateway_sessions", dimensions: [("transport", "polling")]),
        EngineTransport.websocket: Gauge(label: "gateway_sessions", dimensions: [("transport", "websocket")]),
    ]
    private let counts = Mutex([EngineTransport.polling: 0, EngineTransport.websocket: 0])
    private let upgrades = Counter(label: "gateway_upgrades_total")

    package init() {}

    func sessionOpened(transport: EngineTransport) { change(transport, by: 1) }
    func sessionClosed(transport: EngineTransport) { change(transport, by: -1) }

    func upgraded() {
        upgrades.increment()
        change(.polling, by: -1)
        change(.websocket, by: 1)
    }

    private func change(_ transport: EngineTransport, by delta: Int) {
        let value = counts.withLock { counts -> Int in
            counts[transport, default: 0] += delta
            return counts[transport, default: 0]
        }
        gauges[transport]?.record(value)
    }
}
