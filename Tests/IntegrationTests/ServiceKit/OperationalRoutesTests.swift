import Foundation
import Hummingbird
import HummingbirdTesting
import MessagingProtocol
import MessagingRedis
import NIOCore
import Prometheus
import ServiceKit
import Testing
import TestSupport

// Bounded: a lost message or reply fails its test (the awaits are cancelled) instead of hanging CI.
@Suite(.timeLimit(.minutes(3))) struct OperationalRoutesTests {
    func application(checks: [any ReadinessCheck], registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) -> some ApplicationProtocol {
        let router = Router()
        OperationalRoutes(checks: checks, registry: registry).add(to: router)
        router.get("/forbidden") { _, _ -> String in throw MessagingError(.forbidden, "not a participant") }
        return Application(router: router)
    }

    @Test func readyWhenRedisWorksAndLiveAlways() async throws {
        let server = try await RedisServer.start()
        try await withTeardown({ await server.shutdown() }) {
            try await RedisClient.withRunning(url: server.url) { client in
                let app = application(checks: [RedisReadinessCheck(client: client)])
                try await app.test(.router) { http in
                    try await http.execute(uri: "/health/live", method: .get) { response in
                        #expect(response.status == .ok)
                    }
                    try await http.execute(uri: "/health/ready", method: .get) { response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body) == #"{"status":"ok","checks":{"redis":true}}"#)
                    }
                }
            }
        }
    }

    @Test func notReadyWithoutRedis() async throws {
        let port = try FreePort.make()
        try await RedisClient.withRunning(
            url: "redis://127.0.0.1:\(port)", configure: { $0.connectTimeout = .milliseconds(200); $0.healthCheckTimeout = .milliseconds(300) }
        ) { client in
            let app = application(checks: [RedisReadinessCheck(client: client)])
            try await app.test(.router) { http in
                try await http.execute(uri: "/health/ready", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(String(buffer: response.body) == #"{"status":"unavailable","checks":{"redis":false}}"#)
                }
                try await http.execute(uri: "/health/live", method: .get) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }

    @Test func metricsAreServedInPrometheusTextFormat() async throws {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "messaging_events_total", labels: [("event", "send-message")]).increment(by: Int64(3))
        try await application(checks: [], registry: registry).test(.router) { http in
            try await http.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(String(buffer: response.body).contains(#"messaging_events_total{event="send-message"} 3"#))
            }
        }
    }

    @Test func messagingErrorsBecomeTheContractsHTTPErrors() async throws {
        try await application(checks: []).test(.router) { http in
            try await http.execute(uri: "/forbidden", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/json")
                let body = try MessagingJSON.decode(HTTPErrorResponse.self, from: Data(buffer: response.body))
                #expect(body.error == MessagingError(.forbidden, "not a participant"))
            }
        }
    }
}
