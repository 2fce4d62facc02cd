public import Hummingbird
import JSONCoding
import NIOCore
public import Prometheus

/// The routes every service serves for operators.
public struct OperationalRoutes: Sendable {
    let checks: [any ReadinessCheck]
    let registry: PrometheusCollectorRegistry
    /// The service's OpenAPI document (one of ``OpenAPIDocuments``).
    let openAPI: String?

    /// Creates the routes with the readiness checks, the metrics registry and the API's document.
    public init(checks: [any ReadinessCheck], registry: PrometheusCollectorRegistry, openAPI: String? = nil) {
        self.checks = checks
        self.registry = registry
        self.openAPI = openAPI
    }

    /// Adds `GET /health/live` (the process answers), `GET /health/ready` (200 when every check
    /// passes, else 503, with `{ "status", "checks": { name: bool } }`) and `GET /metrics`
    /// (Prometheus text format), and `GET /openapi.json` with a document.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        if let openAPI {
            let document = ByteBuffer(string: openAPI)
            router.get("/openapi.json") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"], body: ResponseBody(byteBuffer: document))
            }
        }
        router.get("/health/live") { _, _ -> Response in
            var json = JSONWriter(capacity: 16)
            json.object { body in
                body.key("status"); body.value("ok")
            }
            return Self.json(status: .ok, json)
        }
        router.get("/health/ready") { _, _ -> Response in
            let results = await withTaskGroup(of: (String, Bool).self) { group in
                for check in checks {
                    group.addTask { (check.name, await check.isReady()) }
                }
                return await group.reduce(into: [(String, Bool)]()) { $0.append($1) }
            }.sorted { $0.0 < $1.0 }
            let ready = results.allSatisfy(\.1)
            var json = JSONWriter(capacity: 64)
            json.object { body in
                body.key("status"); body.value(ready ? "ok" : "unavailable")
                body.key("checks")
                body.object { checks in
                    for (name, passed) in results {
                        checks.key(name); checks.value(passed)
                    }
                }
            }
            return Self.json(status: ready ? .ok : .serviceUnavailable, json)
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

    static func json(status: HTTPResponse.Status, _ json: JSONWriter) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }
}
