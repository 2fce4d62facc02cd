import AsyncHTTPClient
import ServiceLifecycle

/// Shuts an HTTP client down when the service stops (after the HTTP server, so no request still uses it).
struct HTTPClientShutdown: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
