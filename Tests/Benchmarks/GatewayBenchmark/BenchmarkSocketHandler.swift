import NIOCore
import NIOWebSocket
import SocketIO

/// One benchmark client on its WebSocket, as a channel handler (no task per socket, so the
/// generator's own cost stays small beside the gateways'): it answers the open packet with CONNECT,
/// joins its room, then answers pings, times every `new-message` and, for a sender, sends
/// `send-message` on the event loop's timer and times each ack. Packets are read as bytes: only
/// the prefixes it acts on are compared.
final class BenchmarkSocketHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private enum State {
        case awaitingOpen
        case awaitingConnect
        case awaitingJoin
        case ready
        case failed
    }

    private static let connected = Array("40/messaging,".utf8)
    private static let refused = Array("44".utf8)
    private static let joined = Array("43/messaging,1[{\"ok\":true".utf8)
    private static let joinRefused = Array("43/messaging,1[{\"ok\":false".utf8)
    private static let ack = Array("43/messaging,".utf8)
    private static let ackOK = Array("[{\"ok\":true".utf8)
    private static let newMessage = Array("42/messaging,[\"new-message\"".utf8)
    private static let sendTimeMarker = Array("t=".utf8)

    private let member: Population.Member
    private let fleet: ClientFleet
    private let isReady: EventLoopPromise<Void>
    private var state = State.awaitingOpen
    private var context: ChannelHandlerContext?
    /// Acks in flight: ack id → send time (nanoseconds since the fleet's origin).
    private var pending = [Int: Int64]()
    private var ackID = 100
    private var nextSend: Int64 = 0
    /// When the current step of opening began (nanoseconds since the fleet's origin).
    private var stepStarted: Int64

    init(member: Population.Member, fleet: ClientFleet, isReady: EventLoopPromise<Void>, openedAt: Int64) {
        self.member = member
        self.fleet = fleet
        self.isReady = isReady
        self.stepStarted = openedAt
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text: break
        case .ping:
            write(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData), context: context)
            return
        case .connectionClose:
            context.close(promise: nil)
            return
        default:
            return
        }
        let packet = frame.unmaskedData.readableBytesView
        if packet.count == 1, packet.first == UInt8(ascii: "2") {
            send("3", context: context)
            return
        }
        switch state {
        case .awaitingOpen:
            guard packet.first == UInt8(ascii: "0") else { return fail("no open packet", context: context) }
            state = .awaitingConnect
            fleet.recordPhase(.open, since: stepStarted)
            stepStarted = fleet.now()
            send("40/messaging,{\"token\":\"\(member.token)\"}", context: context)
        case .awaitingConnect:
            if packet.starts(with: Self.refused) { return fail("refused: \(String(buffer: frame.unmaskedData))", context: context) }
            guard packet.starts(with: Self.connected) else { return }
            state = .awaitingJoin
            fleet.recordPhase(.connect, since: stepStarted)
            stepStarted = fleet.now()
            send("42/messaging,1[\"join-conversation\",{\"conversationId\":\(SocketIOPacketCodec.quoted(member.room))}]", context: context)
        case .awaitingJoin:
            if packet.starts(with: Self.joinRefused) { return fail("join refused", context: context) }
            guard packet.starts(with: Self.joined) else { return }
            state = .ready
            fleet.recordPhase(.join, since: stepStarted)
            isReady.succeed()
            if member.sends { waitForSendWindow(context: context) }
        case .ready:
            if packet.starts(with: Self.newMessage) {
                fleet.recordDelivery(sentAt: Self.sendTime(in: packet))
            } else if packet.starts(with: Self.ack) {
                recordAck(packet.dropFirst(Self.ack.count))
            }
        case .failed:
            return
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if state != .ready && state != .failed {
            state = .failed
            isReady.fail(BenchmarkError("closed before joining"))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("\(error)", context: context)
    }

    // MARK: Sending

    /// Waits (told by the fleet, on the event loop) until the scenario opens the send window, then
    /// sends from a random phase within one interval, so senders do not fire together.
    private func waitForSendWindow(context: ChannelHandlerContext) {
        let start = whileReady(on: context.eventLoop) { handler, _ in
            handler.nextSend = handler.fleet.sendStart.load(ordering: .relaxed)
                + Int64.random(in: 0..<max(1, handler.fleet.sendInterval.load(ordering: .relaxed)))
            handler.scheduleNextSend()
        }
        let eventLoop = context.eventLoop
        fleet.whenSendWindowOpens { eventLoop.execute(start) }
    }

    private func scheduleNextSend() {
        guard nextSend < fleet.sendEnd.load(ordering: .relaxed) else { return }
        schedule(in: .nanoseconds(max(0, nextSend - fleet.now()))) { handler, context in
            handler.sendMessage(context: context)
            handler.nextSend += handler.fleet.sendInterval.load(ordering: .relaxed)
            handler.scheduleNextSend()
        }
    }

    private func sendMessage(context: ChannelHandlerContext) {
        let at = fleet.now()
        ackID += 1
        pending[ackID] = at
        send(
            "42/messaging,\(ackID)[\"send-message\",{\"conversationId\":\(SocketIOPacketCodec.quoted(member.room)),\"content\":\"t=\(at);\",\"clientMessageId\":\"\(member.user)-\(ackID)\"}]",
            context: context)
        fleet.sent.wrappingAdd(1, ordering: .relaxed)
    }

    private func schedule(in delay: TimeAmount, _ work: @escaping (BenchmarkSocketHandler, ChannelHandlerContext) -> Void) {
        guard let context else { return }
        let run = whileReady(on: context.eventLoop, work)
        context.eventLoop.scheduleTask(in: delay) { run() }
    }

    /// `work` for this handler, to run on `eventLoop`: it does nothing once the socket closed or failed.
    private func whileReady(
        on eventLoop: any EventLoop, _ work: @escaping (BenchmarkSocketHandler, ChannelHandlerContext) -> Void
    ) -> @Sendable () -> Void {
        let bound = NIOLoopBound((handler: self, work: work), eventLoop: eventLoop)
        return {
            let (handler, work) = bound.value
            guard let context = handler.context, handler.state == .ready else { return }
            work(handler, context)
        }
    }

    // MARK: Receiving

    /// `43/messaging,<id>[{"ok":true…`: the ack of one of this sender's messages.
    private func recordAck(_ rest: ByteBufferView.SubSequence) {
        var id = 0
        var index = rest.startIndex
        while index < rest.endIndex, let digit = Self.digit(rest[index]) {
            id = id * 10 + digit
            index += 1
        }
        guard let at = pending.removeValue(forKey: id) else { return }
        fleet.recordAck(sentAt: at, ok: rest[index...].starts(with: Self.ackOK))
    }

    /// The send time in a content of `t=<ns>;`.
    private static func sendTime(in packet: ByteBufferView) -> Int64? {
        let marker = sendTimeMarker
        var index = packet.startIndex
        while index + 1 < packet.endIndex {
            if packet[index] == marker[0] && packet[index + 1] == marker[1] {
                var value: Int64 = 0
                var cursor = index + 2
                while cursor < packet.endIndex, let digit = digit(packet[cursor]) {
                    value = value * 10 + Int64(digit)
                    cursor += 1
                }
                return cursor < packet.endIndex && packet[cursor] == UInt8(ascii: ";") ? value : nil
            }
            index += 1
        }
        return nil
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    // MARK: Helpers

    private func send(_ text: String, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: buffer), context: context)
    }

    private func write(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    private func fail(_ reason: String, context: ChannelHandlerContext) {
        guard state != .failed else { return }
        let wasReady = state == .ready
        state = .failed
        if !wasReady { isReady.fail(BenchmarkError(reason)) }
        context.close(promise: nil)
    }
}
