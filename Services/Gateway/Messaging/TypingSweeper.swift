import ServiceLifecycle

/// Ends the typing states whose refresh never came (a closed tab, a lost network), a few times a
/// second, until shutdown.
struct TypingSweeper: Service {
    let handler: MessagingEventHandler

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: .milliseconds(100))
            await handler.expireTyping()
        }
    }
}
