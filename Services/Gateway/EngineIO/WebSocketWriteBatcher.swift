import NIOCore
import NIOWebSocket
import Synchronization

/// The WebSocket writes of one event loop, carried out together once per loop tick: a broadcast to
/// a thousand sockets costs each loop one wake-up instead of one per socket, and frames that reach
/// the same socket within a tick (a `new-message` and the unread count it raised) leave in one
/// write. Writes are taken in call order (a session calls under its own lock, so each socket's
/// frames stay in the order its state machine took them) and carried out in that order.
final class WebSocketWriteBatcher: Sendable {
    private struct Write {
        let channel: any Channel
        let frames: [EngineFrame]
        /// The session ended: after its frames, the handler sends the close frame.
        let close: Bool
    }

    private struct Pending {
        var writes: [Write] = []
        /// A drain is scheduled on the loop.
        var scheduled = false
    }

    let eventLoop: any EventLoop
    private let pending = Mutex(Pending())

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Queues frames for a channel of this loop; the first write of a tick schedules the drain.
    func write(_ frames: [EngineFrame], to channel: any Channel, thenClose close: Bool = false) {
        let schedule = pending.withLock { pending in
            pending.writes.append(Write(channel: channel, frames: frames, close: close))
            guard !pending.scheduled else { return false }
            pending.scheduled = true
            return true
        }
        if schedule { eventLoop.execute { self.drain() } }
    }

    /// On the loop: every queued write in order, then one flush per channel. A channel past its
    /// write-buffer high watermark (the session's `maxUnreadBytes`) belongs to a slow consumer and
    /// is closed instead (it reconnects and catches up from the history; nothing stored is lost).
    private func drain() {
        var writes = [Write]()
        pending.withLock { pending in
            pending.scheduled = false
            swap(&writes, &pending.writes)
        }
        var unflushed = [ObjectIdentifier: any Channel]()
        for write in writes {
            let id = ObjectIdentifier(write.channel)
            if !write.close {
                guard write.channel.isWritable else {
                    unflushed.removeValue(forKey: id)
                    write.channel.close(promise: nil)
                    continue
                }
            }
            for frame in write.frames {
                switch frame {
                case .text(let buffer): write.channel.write(WebSocketFrame(fin: true, opcode: .text, data: buffer), promise: nil)
                case .binary(let buffer): write.channel.write(WebSocketFrame(fin: true, opcode: .binary, data: buffer), promise: nil)
                }
            }
            if write.close {
                unflushed.removeValue(forKey: id)
                write.channel.flush()
                // The connection's handler sends the close frame (once: it may have sent its own already).
                write.channel.triggerUserOutboundEvent(EngineWebSocketHandler.CloseRequest(), promise: nil)
            } else {
                unflushed[id] = write.channel
            }
        }
        for channel in unflushed.values { channel.flush() }
    }
}
