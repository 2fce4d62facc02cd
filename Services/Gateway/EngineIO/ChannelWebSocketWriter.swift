import NIOCore
import NIOWebSocket

/// Writes Engine.IO frames straight to a WebSocket channel: no task per connection, and a
/// broadcast's buffer goes to every socket as it is (the frame shares it).
struct ChannelWebSocketWriter: EngineDirectWriter {
    let channel: any Channel

    /// Writes the frames; a channel past its write-buffer high watermark (the session's
    /// `maxUnreadBytes`) belongs to a slow consumer and is closed instead (it reconnects and
    /// catches up from the history; nothing stored is lost).
    func write(_ frames: [EngineFrame]) {
        guard channel.isWritable else {
            channel.close(promise: nil)
            return
        }
        for (index, frame) in frames.enumerated() {
            let webSocketFrame: WebSocketFrame
            switch frame {
            case .text(let buffer): webSocketFrame = WebSocketFrame(fin: true, opcode: .text, data: buffer)
            case .binary(let buffer): webSocketFrame = WebSocketFrame(fin: true, opcode: .binary, data: buffer)
            }
            if index == frames.count - 1 {
                channel.writeAndFlush(webSocketFrame, promise: nil)
            } else {
                channel.write(webSocketFrame, promise: nil)
            }
        }
    }

    func close(after frames: [EngineFrame]) {
        write(frames)
        // The connection's handler sends the close frame (once: it may have sent its own already).
        channel.triggerUserOutboundEvent(EngineWebSocketHandler.CloseRequest(), promise: nil)
    }
}
