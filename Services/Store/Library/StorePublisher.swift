import Foundation
import JSONCoding
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit

/// Publishes what a commit produced, in one pipelined write: live events (`PUBLISH room:`), the
/// unread counts they changed (one `PUBLISH unread` for the batch, see ``UnreadChanges``), replies
/// (`PUBLISH gateway:`) and domain events (`XADD events MAXLEN ~`).
struct StorePublisher: Sendable {
    let redis: RedisClient
    let instanceID: String
    let eventsMaxLength: Int

    /// Publishes `outbound`; with `acknowledgement` (the `XACK` of the commands that produced it),
    /// in one `MULTI`…`EXEC` with it, so the stream entries are acknowledged in the same round trip
    /// and only if Redis took every publish: a command it refuses when queued (out of memory, an
    /// ACL) aborts the whole transaction, nothing is acknowledged, and the entries come again.
    func publish(_ outbound: [Outbound], traceParents: [String: String] = [:], acknowledging acknowledgement: RedisCommand? = nil) async throws {
        let sentAt = Int((Date().timeIntervalSince1970 * 1000).rounded())
        guard !outbound.isEmpty else {
            if let acknowledgement { try Self.check(try await redis.send(batch: [acknowledgement])) }
            return
        }
        var commands = [RedisCommand]()
        commands.reserveCapacity(outbound.count)
        for item in outbound {
            switch item {
            case .broadcast(let channel, let event, let body, let seq, let after):
                commands.append(publish(
                    channel: channel, BroadcastEnvelope(header: BroadcastHeader(event: event.rawValue, origin: instanceID, seq: seq, after: after, sentAt: sentAt), body: body)))
            case .reply(let gateway, let header, let body):
                commands.append(publish(channel: RedisNames.gateway(gateway), CommandReplyEnvelope(header: header, body: body)))
            case .event(let envelope):
                commands.append(xadd(envelope.streamFields()))
            case .messageCreated(let message, let recipients, let eventID, let occurredAt, let gateway):
                // One encoding of the message for the room, the events stream and the asking gateway.
                let body = message.encodedJSON
                let traceParent = traceParents[eventID]
                var header = BroadcastHeader(event: ServerEvent.newMessage.rawValue, origin: instanceID, seq: message.seq, sentAt: sentAt)
                header.traceParent = traceParent
                commands.append(publish(
                    channel: RedisNames.room(message.conversationId),
                    BroadcastEnvelope(header: header, body: body)))
                let data = Self.messageCreatedJSON(eventID: eventID, occurredAt: occurredAt, messageJSON: body, recipients: recipients)
                var fields = [("v", String(DomainEventEnvelope.currentVersion)), ("type", "message-created"), ("data", data)]
                if let traceParent { fields.append(("traceparent", traceParent)) }
                commands.append(xadd(fields))
                if let gateway {
                    commands.append(publish(channel: RedisNames.gateway(gateway), CommandReplyEnvelope(header: CommandReplyHeader(requestId: eventID), body: body)))
                }
            }
        }
        // The counts the batch changed, in one message every gateway reads, right after the events
        // that changed them: a recipient's `new-message` and its count reach a gateway in one read.
        let unread = UnreadChanges.latest(in: outbound)
        if !unread.isEmpty {
            let header = BroadcastHeader(event: ServerEvent.unreadCountUpdated.rawValue, origin: instanceID, sentAt: sentAt)
            commands.append(publish(channel: RedisNames.unreadCounts, BroadcastEnvelope(header: header, body: unread.jsonString)))
        }
        guard let acknowledgement else {
            try Self.check(try await redis.send(batch: commands))
            return
        }
        let replies = try await redis.send(batch: [RedisCommand("MULTI")] + commands + [acknowledgement, RedisCommand("EXEC")])
        try Self.check(replies)
        // EXEC's own reply: each command's, in order (an error there is one Redis met running it).
        guard case .array(let results)? = replies.last else {
            throw RedisClientError(.unexpectedReply, message: "EXEC answered \(replies.last.map { "\($0)" } ?? "nothing")", command: "EXEC")
        }
        try Self.check(results)
    }

    /// Throws on the first error reply.
    private static func check(_ replies: [RESPValue]) throws {
        if let failure = replies.first(where: { if case .error = $0 { true } else { false } }) {
            throw RedisClientError(.errorReply, message: "\(failure)", command: "PUBLISH/XADD")
        }
    }

    private func publish<Header>(channel: String, _ envelope: FramedEnvelope<Header>) -> RedisCommand {
        RedisCommand([.string("PUBLISH"), redis.key(channel), .bytes(ByteBuffer(bytes: envelope.encoded()))])
    }

    /// The `message-created` entry's data with the message's JSON spliced in, not encoded again:
    /// the same document `DomainEventEnvelope` decodes.
    static func messageCreatedJSON(eventID: String, occurredAt: Date, messageJSON: String, recipients: [RecipientUnread]) -> String {
        var writer = JSONWriter(capacity: messageJSON.utf8.count + 96 + recipients.count * 80)
        writer.object { json in
            json.key("v"); json.value(DomainEventEnvelope.currentVersion)
            json.key("eventId"); json.value(eventID)
            json.key("occurredAt"); json.value(ISO8601Timestamp.format(occurredAt))
            json.key("event")
            json.object { event in
                event.key("type"); event.value("message-created")
                event.key("message"); event.raw(messageJSON)
                event.key("recipients")
                event.array { list in for recipient in recipients { recipient.write(to: &list) } }
            }
        }
        return writer.string
    }

    private func xadd(_ fields: [(String, String)]) -> RedisCommand {
        var arguments: [RedisArgument] = [
            .string("XADD"), redis.key(RedisNames.eventsStream), .string("MAXLEN"), .string("~"), .integer(eventsMaxLength), .string("*"),
        ]
        for (name, value) in fields { arguments += [.string(name), .string(value)] }
        return RedisCommand(arguments)
    }
}
