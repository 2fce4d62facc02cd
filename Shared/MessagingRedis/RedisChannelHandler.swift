import NIOCore

/// Writes ``RedisRequest``s as RESP and matches the replies, in order, to their requests.
///
/// Replies are decoded by hiredis (``HiredisReplyReader``). On a subscriber connection
/// (`onPush` set), `message` arrays are handed to `onPush` and everything else completes requests;
/// the messages of one read go to `onPush` together (before any reply that follows them), so a
/// subscriber can handle what one publish transaction sent as one unit.
/// A request older than its timeout fails every pending request with `.timeout` and closes the
/// connection: with pipelining, a lost reply cannot be skipped.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var completion: RedisRequest.Completion
        var expected: Int
        var deadline: NIODeadline
        var name: String
    }

    private let reader: HiredisReplyReader
    private let commandTimeout: TimeAmount
    private let onPush: (@Sendable ([RedisPushMessage]) -> Void)?
    private let prefix: String
    /// The messages of the read in progress, not yet handed to `onPush`.
    private var pushes: [RedisPushMessage] = []
    private var pending = CircularBuffer<Pending>(initialCapacity: 16)
    /// The replies gathered so far for the oldest pending request (kept outside the ring buffer,
    /// whose subscript would copy the array on every append).
    private var headReplies: [RESPValue] = []
    private var timeoutCheck: RepeatedTask?
    private var closedError: RedisClientError?

    init(commandTimeout: TimeAmount, prefix: String, onPush: (@Sendable ([RedisPushMessage]) -> Void)?) {
        self.reader = HiredisReplyReader()
        self.commandTimeout = commandTimeout
        self.prefix = prefix
        self.onPush = onPush
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimeoutCheck(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimeoutCheck(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeoutCheck?.cancel()
        timeoutCheck = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeoutCheck?.cancel()
        timeoutCheck = nil
        failAll(RedisClientError(.connectionClosed, message: "connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error as? RedisClientError ?? RedisClientError(.connectionClosed, message: "\(error)"))
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedError {
            request.completion.fail(closedError.with(command: request.name))
            promise?.fail(closedError)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        switch request.commands {
        case .one(let command):
            RESPEncoder.encode(command, into: &buffer)
        case .many(let commands):
            for command in commands { RESPEncoder.encode(command, into: &buffer) }
        }
        if request.expectedReplies == 0 {
            if case .batch(let batchPromise) = request.completion { batchPromise.succeed([]) }
        } else {
            pending.append(
                Pending(
                    completion: request.completion,
                    expected: request.expectedReplies,
                    deadline: .now() + (request.timeout ?? commandTimeout),
                    name: request.name
                )
            )
        }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try reader.feed(buffer)
            while let reply = try reader.next() {
                try handle(reply)
            }
            handOverPushes()
        } catch {
            handOverPushes()
            failAll(error)
            context.close(promise: nil)
        }
    }

    private func handle(_ reply: RESPValue) throws(RedisClientError) {
        if onPush != nil, let message = pushMessage(reply) {
            pushes.append(message)
            return
        }
        // What came before this reply is handed over before it completes anything.
        handOverPushes()
        guard !pending.isEmpty else {
            throw RedisClientError(.protocolViolation, message: "a reply arrived with no request waiting")
        }
        let head = pending[pending.startIndex]
        if head.expected == 1, case .single(let promise) = head.completion {
            pending.removeFirst()
            if case .error(let message) = reply {
                promise.fail(RedisClientError(.errorReply, message: message, command: head.name))
            } else {
                promise.succeed(reply)
            }
            return
        }
        if headReplies.isEmpty { headReplies.reserveCapacity(head.expected) }
        headReplies.append(reply)
        if headReplies.count == head.expected {
            pending.removeFirst()
            let replies = headReplies
            headReplies = []
            switch head.completion {
            case .batch(let promise): promise.succeed(replies)
            case .single(let promise): promise.succeed(replies.last ?? .null)
            }
        }
    }

    private func handOverPushes() {
        guard let onPush, !pushes.isEmpty else { return }
        let messages = pushes
        pushes.removeAll(keepingCapacity: true)
        onPush(messages)
    }

    /// A `message` (or `pmessage`) array on a subscriber connection.
    private func pushMessage(_ reply: RESPValue) -> RedisPushMessage? {
        guard case .array(let items) = reply, items.count >= 3, let kind = items[0].buffer else { return nil }
        let isMessage = kind.readableBytesView.elementsEqual("message".utf8)
        let isPatternMessage = !isMessage && kind.readableBytesView.elementsEqual("pmessage".utf8)
        guard isMessage || (isPatternMessage && items.count >= 4) else { return nil }
        let channelIndex = isMessage ? 1 : 2
        guard let channel = items[channelIndex].string, let payload = items[channelIndex + 1].buffer else { return nil }
        let name = channel.hasPrefix(prefix) ? String(channel.dropFirst(prefix.count)) : channel
        return RedisPushMessage(channel: name, payload: payload)
    }

    private func startTimeoutCheck(context: ChannelHandlerContext) {
        guard timeoutCheck == nil else { return }
        let interval = TimeAmount.nanoseconds(max(10_000_000, min(commandTimeout.nanoseconds / 4, 1_000_000_000)))
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeoutCheck = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            let (handler, context) = loopBound.value
            handler.checkTimeouts(context: context)
        }
    }

    private func checkTimeouts(context: ChannelHandlerContext) {
        guard let oldest = pending.first, oldest.deadline < .now() else { return }
        failAll(RedisClientError(.timeout, message: "no reply within the timeout", command: oldest.name))
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        let redisError = error as? RedisClientError ?? RedisClientError(.connectionClosed, message: "\(error)")
        if closedError == nil { closedError = redisError }
        headReplies = []
        while let request = pending.popFirst() {
            request.completion.fail(redisError.with(command: request.name))
        }
    }
}
