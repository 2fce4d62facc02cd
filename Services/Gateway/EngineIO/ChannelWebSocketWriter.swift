import NIOCore

/// Writes Engine.IO frames to a WebSocket channel through its loop's ``WebSocketWriteBatcher``: no
/// task per connection, and a broadcast's buffer goes to every socket as it is (the frame shares it).
struct ChannelWebSocketWriter: EngineDirectWriter {
    let channel: any Channel
    let batcher: WebSocketWriteBatcher

    func write(_ frames: [EngineFrame]) {
        batcher.write(frames, to: channel)
    }

    func close(after frames: [EngineFrame]) {
        batcher.write(frames, to: channel, thenClose: true)
    }
}
