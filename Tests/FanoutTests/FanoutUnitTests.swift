import Foundation
import MessagingProtocol
import ServiceKit
import Testing

@testable import NotificationFanout

/// The pure parts: back-off, signatures, configuration.
@Suite struct FanoutUnitTests {
    @Test func backOffDoublesUpToItsCapAndEnds() {
        let policy = RetryPolicy(maxAttempts: 6, initialDelay: .seconds(1), maximumDelay: .seconds(5))
        #expect((1...6).map { policy.delay(afterFailedAttempts: $0) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5), nil])
        #expect(RetryPolicy(maxAttempts: 1, initialDelay: .seconds(1), maximumDelay: .seconds(1)).delay(afterFailedAttempts: 1) == nil)
    }

    @Test func aSignatureVerifiesOnlyForItsBodyAndSecret() {
        let signer = WebhookSigner(secret: Array("0123456789abcdef0123456789abcdef".utf8))
        let body = Array(#"{"a":1}"#.utf8)
        let header = signer.signature(body: body, at: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(header.hasPrefix("t=1700000000,v1="))
        let sentAt = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(signer.verify(header: header, body: body, now: sentAt.addingTimeInterval(60)))
        #expect(!signer.verify(header: header, body: Array(#"{"a":2}"#.utf8), now: sentAt))
        #expect(!WebhookSigner(secret: Array("another-secret-another-secret-000".utf8)).verify(header: header, body: body, now: sentAt))
        #expect(!signer.verify(header: "t=1700000000", body: body, now: sentAt))
        // A genuine signature replayed after the tolerance (5 min), or dated ahead, is refused.
        #expect(!signer.verify(header: header, body: body, now: sentAt.addingTimeInterval(301)))
        #expect(!signer.verify(header: header, body: body, now: sentAt.addingTimeInterval(-301)))
        #expect(!signer.verify(header: header, body: body), "today, a signature of 2023 is a replay")
        // Known answer: HMAC-SHA256("0123…", "1700000000.{"a":1}").
        #expect(header == "t=1700000000,v1=" + Self.reference(body: "1700000000.{\"a\":1}"))
    }

    @Test func aWebhookNeedsASecretOfAtLeast32Bytes() throws {
        #expect(try FanoutConfiguration(EnvironmentReader([:])).webhook == nil)
        #expect(try FanoutConfiguration(EnvironmentReader([:])).coalesceWindow == .milliseconds(50))
        #expect(try FanoutConfiguration(EnvironmentReader(["COALESCE_WINDOW_MS": "0"])).coalesceWindow == .zero)
        #expect(throws: ConfigurationError.self) { try FanoutConfiguration(EnvironmentReader(["WEBHOOK_URL": "http://127.0.0.1:9/h"])) }
        #expect(throws: ConfigurationError.self) {
            try FanoutConfiguration(EnvironmentReader(["WEBHOOK_URL": "http://127.0.0.1:9/h", "WEBHOOK_SECRET": "short"]))
        }
        #expect(throws: ConfigurationError.self) { try FanoutConfiguration(EnvironmentReader(["WEBHOOK_URL": "ftp://x/h", "WEBHOOK_SECRET": String(repeating: "s", count: 32)])) }
        #expect(throws: ConfigurationError.self) { try FanoutConfiguration(EnvironmentReader(["COALESCE_WINDOW_MS": "-1"])) }
        let configuration = try FanoutConfiguration(EnvironmentReader(["WEBHOOK_URL": "http://127.0.0.1:9/h", "WEBHOOK_SECRET": String(repeating: "s", count: 32)]))
        #expect(configuration.notificationWindow == .seconds(10) && configuration.webhook?.retry.maxAttempts == 6)
    }

    @Test func aLongMessageIsCutInThePreview() {
        let message = MessagingMessage(
            id: "m", conversationId: "c", seq: 1, content: String(repeating: "é", count: 500), senderId: "a", type: .user, isRead: false,
            createdAt: Date(), sender: UserSummary(id: "a", role: .client))
        let preview = WebhookNotification(message: message, recipient: RecipientUnread(userId: "b", totalUnread: 3, conversationUnread: 1)).preview
        #expect(preview.count == WebhookNotification.previewLength && preview.hasSuffix("…"))
    }

    /// The same HMAC computed by openssl, so the test does not trust the code it checks.
    static func reference(body: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["dgst", "-sha256", "-hmac", "0123456789abcdef0123456789abcdef", "-r"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(body.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(text.prefix(64))
    }
}
