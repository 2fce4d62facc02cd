import NIOCore

/// Closes a connection whose first request's headers do not arrive in time (a slow-headers attack:
/// a client that sends a byte now and then holds a connection and its buffers for ever). It reads
/// the raw bytes ahead of the HTTP decoder, looks for the blank line that ends the headers, and
/// steps out of the pipeline once it is there. Later requests on the connection are Hummingbird's
/// idle timeout's concern, and an upgraded WebSocket's heartbeat's.
final class RequestHeadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// The last bytes seen, to find `\r\n\r\n` across reads.
    private var tail: [UInt8] = []
    private var done = false

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !done {
            let buffer = unwrapInboundIn(data)
            if Self.endsHead(tail + buffer.readableBytesView) {
                done = true
                deadline?.cancel()
                deadline = nil
                context.fireChannelRead(data)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                return
            }
            tail = Array((tail + buffer.readableBytesView.suffix(3)).suffix(3))
        }
        context.fireChannelRead(data)
    }

    /// Whether the bytes hold the blank line after the headers.
    static func endsHead(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return true
        }
        return false
    }
}
