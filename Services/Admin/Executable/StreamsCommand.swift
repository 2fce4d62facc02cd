import ArgumentParser
import Foundation
import MessagingProtocol
import MessagingRedis

/// `messaging-admin streams`: each stream's length and its consumer groups' backlog.
struct StreamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "streams", abstract: "Streams, consumer groups, pending and unread entries.")

    @OptionGroup var connections: Connections

    struct Report: Encodable {
        struct Group: Encodable {
            var name: String
            var pending: Int
            var unread: Int
            var oldestPendingAgeSeconds: Double?
            var consumers: [Consumer]
        }
        struct Consumer: Encodable {
            var name: String
            var pending: Int
            var idleSeconds: Double
        }
        var stream: String
        var length: Int
        var groups: [Group]
    }

    static let streams = [RedisNames.commandsStream, RedisNames.eventsStream, RedisNames.profilesStream, RedisNames.notificationsDeadLetterStream]

    func run() async throws {
        try await reporting {
            let reports = try await connections.withRedis { redis in
                var reports = [Report]()
                for stream in Self.streams {
                    let length = try await redis.xlen(stream)
                    var groups = [Report.Group]()
                    for group in try await redis.xinfoGroups(stream) {
                        let consumers = try await redis.send(RedisCommand([.string("XINFO"), .string("CONSUMERS"), redis.key(stream), .string(group.name)]))
                        groups.append(
                            Report.Group(
                                name: group.name, pending: group.pending, unread: group.unread(streamLength: length),
                                oldestPendingAgeSeconds: group.oldestPendingAge(now: Date()),
                                consumers: (consumers.array ?? []).compactMap(Self.consumer)))
                    }
                    reports.append(Report(stream: stream, length: length, groups: groups))
                }
                return reports
            }
            try connections.print(reports) {
                reports.map { report in
                    var lines = ["\(report.stream): \(report.length) entries"]
                    if report.groups.isEmpty && report.stream != RedisNames.notificationsDeadLetterStream { lines.append("  no consumer group yet") }
                    for group in report.groups {
                        let age = group.oldestPendingAgeSeconds.map { String(format: ", oldest pending %.1f s", $0) } ?? ""
                        lines.append("  group \(group.name): \(group.pending) pending, \(group.unread) unread\(age)")
                        for consumer in group.consumers {
                            lines.append(String(format: "    %@: %d pending, idle %.1f s", consumer.name, consumer.pending, consumer.idleSeconds))
                        }
                    }
                    return lines.joined(separator: "\n")
                }.joined(separator: "\n")
            }
        }
    }

    static func consumer(_ value: RESPValue) -> Report.Consumer? {
        let fields = value.array ?? []
        var values = [String: RESPValue]()
        for index in stride(from: 0, to: fields.count - 1, by: 2) { if let name = fields[index].string { values[name] = fields[index + 1] } }
        guard let name = values["name"]?.string else { return nil }
        return Report.Consumer(name: name, pending: values["pending"]?.int ?? 0, idleSeconds: Double(values["idle"]?.int ?? 0) / 1000)
    }
}
