import Foundation

/// Command-line options (`--name value`).
struct BenchmarkOptions: Sendable {
    enum Scenario: String, Sendable {
        /// N sockets in rooms; RSS per socket and connect rate.
        case idle
        /// Broadcasts published straight to the room channels (the gateway's fan-out alone).
        case broadcast
        /// Senders' `send-message` through the gateways, the store and the database, to R rooms of M.
        case fanout
        /// Two-member conversations, members on different gateways, one message per pair per interval.
        case chat

        /// Whether members send over their sockets.
        var sends: Bool { self == .fanout || self == .chat }
    }

    var scenario = Scenario.idle
    /// Gateway base URLs (`http://127.0.0.1:8090,…`); sockets are spread over them in turn.
    var gateways: [String] = []
    /// The gateways' PIDs, for RSS and CPU.
    var gatewayPIDs: [Int32] = []
    var redisURL = "redis://127.0.0.1:6379"
    var keyPrefix = "inkstudio:"
    var storeURL = "http://127.0.0.1:8082"
    var secret = ""
    /// idle: how many sockets.
    var connections = 10_000
    /// fanout: rooms and members per room.
    var rooms = 100
    var members = 10
    /// fanout: target deliveries per second (messages per second × members).
    var rate = 50_000
    /// fanout: how long to publish.
    var duration: Duration = .seconds(10)
    /// How many connections are opened at once.
    var concurrency = 200
    /// fanout: senders per room.
    var senders = 1
    /// chat: pairs, and each pair's pause between two messages.
    var pairs = 2000
    var interval: Duration = .seconds(2)
    /// Loopback addresses the sockets connect from, in turn (`127.0.0.1,127.0.0.2,…`): each gives
    /// its own ~28 000 ephemeral ports. Empty: the system picks (127.0.0.1).
    var sourceAddresses: [String] = []
    /// PIDs of other processes whose CPU is reported (store, redis, postgres).
    var otherPIDs: [(String, Int32)] = []
    /// chat in several generator processes (`--shard K/N`, K from 0): this one's part of the pairs.
    var shard: (index: Int, count: Int)?
    /// With a shard: the folder of the start barrier (see ``ShardBarrier``).
    var barrier: String?
    /// With a shard: where its report and latencies go, for ``ShardMerge``.
    var shardResultPath: String?

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        guard let scenario = iterator.next().flatMap(Scenario.init(rawValue:)) else { throw BenchmarkError("usage: gateway-benchmark idle|broadcast|fanout|chat --gateways … --secret …") }
        self.scenario = scenario
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw BenchmarkError("\(flag) needs a value") }
            switch flag {
            case "--gateways": gateways = value.split(separator: ",").map(String.init)
            case "--gateway-pids": gatewayPIDs = value.split(separator: ",").compactMap { Int32($0) }
            case "--redis": redisURL = value
            case "--prefix": keyPrefix = value
            case "--store": storeURL = value
            case "--secret": secret = value
            case "--connections": connections = try Self.int(flag, value)
            case "--rooms": rooms = try Self.int(flag, value)
            case "--members": members = try Self.int(flag, value)
            case "--rate": rate = try Self.int(flag, value)
            case "--seconds": duration = .seconds(try Self.int(flag, value))
            case "--concurrency": concurrency = try Self.int(flag, value)
            case "--senders": senders = try Self.int(flag, value)
            case "--pairs": pairs = try Self.int(flag, value)
            case "--interval-ms": interval = .milliseconds(try Self.int(flag, value))
            case "--shard":
                let parts = value.split(separator: "/").compactMap { Int($0) }
                guard parts.count == 2, parts[1] >= 1, parts[1] <= 64, (0..<parts[1]).contains(parts[0]) else {
                    throw BenchmarkError("--shard: \(value) is not K/N with 0 ≤ K < N ≤ 64")
                }
                shard = (parts[0], parts[1])
            case "--barrier": barrier = value
            case "--shard-result": shardResultPath = value
            case "--source-addresses":
                sourceAddresses = value.split(separator: ",").map(String.init)
                guard sourceAddresses.allSatisfy({ $0.hasPrefix("127.") }) else { throw BenchmarkError("--source-addresses: loopback addresses only (127.x.x.x)") }
            case "--pids":
                // name=pid,…
                otherPIDs = value.split(separator: ",").compactMap { item in
                    let parts = item.split(separator: "=")
                    guard parts.count == 2, let pid = Int32(parts[1]) else { return nil }
                    return (String(parts[0]), pid)
                }
            default: throw BenchmarkError("unknown option \(flag)")
            }
        }
        guard !secret.isEmpty, !gateways.isEmpty else { throw BenchmarkError("--secret and --gateways are required") }
        if let shard {
            guard scenario == .chat, barrier != nil, shardResultPath != nil else { throw BenchmarkError("--shard is for chat, with --barrier and --shard-result") }
            // This process's part of the pairs: the first pairs % N shards take one more.
            pairs = pairs / shard.count + (shard.index < pairs % shard.count ? 1 : 0)
            guard pairs > 0 else { throw BenchmarkError("--shard: more shards than pairs") }
        }
        if scenario == .chat {
            rooms = pairs
            members = 2
            senders = 1
            // One message per pair per interval, delivered to both members.
            rate = max(1, Int(Double(pairs * 2) / seconds(interval)))
        }
        guard senders <= members else { throw BenchmarkError("--senders must not exceed --members") }
    }

    private static func int(_ flag: String, _ value: String) throws -> Int {
        guard let number = Int(value), number > 0, number <= 1_000_000 else { throw BenchmarkError("\(flag): \(value) is not a count in 1…1000000") }
        return number
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
