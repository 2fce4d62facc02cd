/// A transport that takes frames as soon as they are sent (a WebSocket channel): writes never
/// block and are queued on the channel in call order.
protocol EngineDirectWriter: Sendable {
    func write(_ frames: [EngineFrame])
    /// Writes the last frames, then closes the transport.
    func close(after frames: [EngineFrame])
}
