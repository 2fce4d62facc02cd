import MessagingProtocol
import MessagingRedis
import NIOCore

/// Publishes what a commit produced, in one pipelined write: live events (`PUBLISH room:`/`user:`),
/// replies (`PUBLISH gateway:`) and domain events (`XADD events MAXLEN ~`).
struct StorePublisher: Sendable {
    let redis: RedisClient
    let instanceID: String
    let eventsMaxLength: Int

    func publish(_ outbound: [Outbound]) async throws {
        guard !outbound.isEmpty else { return }
        var commands = [RedisCommand]()
        commands.reserveCapacity(outbound.count)
        for item in outbound {
            switch item {
            case .broadcast(let channel, let event, let body, let seq):
                let envelope = BroadcastEnvelope(header: BroadcastHeader(event: event.rawValue, origin: instanceID, seq: seq), body: body)
                commands.append(RedisCommand([.string("PUBLISH"), redis.key(channel), .bytes(ByteBuffer(bytes: try envelope.encoded()))]))
            case .reply(let gateway, let header, let body):
                let envelope = CommandReplyEnvelope(header: header, body: body)
                commands.append(
                    RedisCommand([.string("PUBLISH"), redis.key(RedisNames.gateway(gateway)), .bytes(ByteBuffer(bytes: try envelope.encoded()))]))
            case .event(let envelope):
                commands.append(xadd(try envelope.streamFields()))
            case .messageCreated(let message, let recipients, let eventID, let occurredAt, let gateway):
                let body = message.encodedJSON
                let broadcast = BroadcastEnvelope(
                    header: BroadcastHeader(event: ServerEvent.newMessage.rawValue, origin: instanceID, seq: message.seq), body: body)
                commands.append(RedisCommand([.string("PUBLISH"), redis.key(RedisNames.room(message.conversationId)), .bytes(ByteBuffer(bytes: try broadcast.encoded()))]))
                let data = CommandProcessor.messageCreatedJSON(eventID: eventID, occurredAt: occurredAt, messageJSON: body, recipients: recipients)
                commands.append(xadd(encodedEvent: "message-created", data: data))
                if let gateway {
                    let reply = CommandReplyEnvelope(header: CommandReplyHeader(requestId: eventID), body: body)
                    commands.append(RedisCommand([.string("PUBLISH"), redis.key(RedisNames.gateway(gateway)), .bytes(ByteBuffer(bytes: try reply.encoded()))]))
                }
            }
        }
        let replies = try await redis.send(batch: commands)
        if let failure = replies.first(where: { if case .error = $0 { true } else { false } }) {
            throw RedisClientError(.errorReply, message: "\(failure)", command: "PUBLISH/XADD")
        }
    }

    /// An `events` entry whose `data` is already encoded.
    private func xadd(encodedEvent type: String, data: String) -> RedisCommand {
        xadd([("v", String(DomainEventEnvelope.currentVersion)), ("type", type), ("data", data)])
    }

    private func xadd(_ fields: [(String, String)]) -> RedisCommand {
        var arguments: [RedisArgument] = [
            .string("XADD"), redis.key(RedisNames.eventsStream), .string("MAXLEN"), .string("~"), .integer(eventsMaxLength), .string("*"),
        ]
        for (name, value) in fields { arguments += [.string(name), .string(value)] }
        return RedisCommand(arguments)
    }
}
