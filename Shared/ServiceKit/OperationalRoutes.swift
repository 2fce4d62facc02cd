public import Hummingbird
import NIOCore
public import Prometheus

/// The routes every service serves for operators.
public struct OperationalRoutes: Sendable {
    let checks: [any ReadinessCheck]
    let registry: PrometheusCollectorRegistry

    /// Creates the routes with the readiness checks and the metrics registry.
    public init(checks: [any ReadinessCheck], registry: PrometheusCollectorRegistry) {
        self.checks = checks
        self.registry = registry
    }

    /// Adds `GET /health/live` (the process answers), `GET /health/ready` (200 when every check
    /// passes, else 503, with `{ "status", "checks": { name: bool } }`) and `GET /metrics`
    /// (Prometheus text format).
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/health/live") { _, _ -> Response in
            Self.json(status: .ok, "{\"status\":\"ok\"}")
        }
        router.get("/health/ready") { _, _ -> Response in
            let results = await withTaskGroup(of: (String, Bool).self) { group in
                for check in checks {
                    group.addTask { (check.name, await check.isReady()) }
                }
                return await group.reduce(into: [(String, Bool)]()) { $0.append($1) }
            }.sorted { $0.0 < $1.0 }
            let ready = results.allSatisfy(\.1)
            let body = results.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
            return Self.json(
                status: ready ? .ok : .serviceUnavailable,
                "{\"status\":\"\(ready ? "ok" : "unavailable")\",\"checks\":{\(body)}}")
        }
        router.get("/metrics") { _, _ -> Response in
            var bytes = [UInt8]()
            bytes.reserveCapacity(16_384)
            registry.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    static func json(status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
