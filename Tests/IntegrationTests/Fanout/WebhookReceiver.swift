import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import TestSupport

/// A real HTTP server on a loopback port that plays the platform's webhook: it records each call
/// and answers with the status its plan gives for that call (1-based).
final class WebhookReceiver: Sendable {
    struct Call: Sendable {
        var signature: String?
        var notificationID: String?
        var body: [UInt8]
        var status: Int
    }

    let port: Int
    private let calls = Mutex<[Call]>([])
    private let continuation: AsyncStream<Call>.Continuation
    let received: AsyncStream<Call>

    var url: String { "http://127.0.0.1:\(port)/hooks/messages" }
    var all: [Call] { calls.withLock { $0 } }

    private init(port: Int) {
        self.port = port
        (received, continuation) = AsyncStream.makeStream(of: Call.self)
    }

    /// Runs a receiver for the duration of `body`.
    static func with<Result: Sendable>(
        plan: @escaping @Sendable (Int) -> Int = { _ in 204 }, _ body: @Sendable (WebhookReceiver) async throws -> Result
    ) async throws -> Result {
        let receiver = WebhookReceiver(port: try FreePort.make())
        let router = Router()
        router.post("/hooks/messages") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let call = receiver.calls.withLock { calls in
                let call = Call(
                    signature: request.headers[HTTPField.Name("X-InkStudio-Signature")!],
                    notificationID: request.headers[HTTPField.Name("X-InkStudio-Notification-Id")!],
                    body: Array(buffer.readableBytesView), status: plan(calls.count + 1))
                calls.append(call)
                return call
            }
            receiver.continuation.yield(call)
            return Response(status: .init(code: call.status))
        }
        let (running, runningContinuation) = AsyncStream.makeStream(of: Void.self)
        var logger = Logger(label: "test.webhook")
        logger.logLevel = .critical  // its cancellation at the end is logged as errors
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: receiver.port)),
            onServerRunning: { _ in runningContinuation.yield() }, logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            defer { group.cancelAll() }
            var iterator = running.makeAsyncIterator()
            _ = await iterator.next()
            return try await body(receiver)
        }
    }
}
