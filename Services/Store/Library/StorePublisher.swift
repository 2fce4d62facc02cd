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
            case .encodedEvent(let type, let data):
                commands.append(xadd([("v", String(DomainEventEnvelope.currentVersion)), ("type", type), ("data", data)]))
            }
        }
        let replies = try await redis.send(batch: commands)
        if let failure = replies.first(where: { if case .error = $0 { true } else { false } }) {
            throw RedisClientError(.errorReply, message: "\(failure)", command: "PUBLISH/XADD")
        }
    }

    private func xadd(_ fields: [(String, String)]) -> RedisCommand {
        var arguments: [RedisArgument] = [
            .string("XADD"), redis.key(RedisNames.eventsStream), .string("MAXLEN"), .string("~"), .integer(eventsMaxLength), .string("*"),
        ]
        for (name, value) in fields { arguments += [.string(name), .string(value)] }
        return RedisCommand(arguments)
    }
}
