// The socket gateway under load, with real WebSocket clients speaking Socket.IO through the shared
// codec. Run by deploy/bench-gateway.sh, which starts redis-server, a store and the gateway(s).
//
//   idle:   N authenticated sockets, each in one conversation room; the gateways' RSS per socket
//           and the connect rate.
//   broadcast: R rooms of M members spread over the gateways; `new-message` broadcasts published to
//           the rooms' channels at a fixed rate for T seconds (the gateway's own fan-out, no store
//           in the path); every delivery timed end to end; deliveries per second, latency, losses.
//   fanout: the same rooms, but S senders per room emit `send-message` over their sockets at a
//           fixed total rate: gateway → store (database commit) → every member; deliveries, ack
//           latency, losses (acked messages not delivered to every member).
//   chat:   P two-member conversations, the members on different gateways, one message per pair
//           every interval. `--shard K/N` runs a part of them (see ShardBarrier), and
//           `merge` makes one report of the shards'.
import Foundation
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import Synchronization

if CommandLine.arguments.dropFirst().first == "merge" {
    do {
        print(try ShardMerge.run(Array(CommandLine.arguments.dropFirst(2))).json())
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("gateway-benchmark: \(error)\n".utf8))
        exit(65)
    }
}
let options: BenchmarkOptions
do {
    options = try BenchmarkOptions(CommandLine.arguments)
} catch {
    FileHandle.standardError.write(Data("gateway-benchmark: \(error)\n".utf8))
    exit(64)
}
let logger = {
    var logger = Logger(label: "gateway-benchmark")
    logger.logLevel = .warning
    return logger
}()

let redis = RedisClient(configuration: try {
    var configuration = try RedisConfiguration(url: options.redisURL)
    configuration.keyPrefix = options.keyPrefix
    return configuration
}(), logger: logger)

let report = try await whileRunning({ try await redis.run() }) {
    let population = try await Population.create(options)
    let fleet = ClientFleet(options: options, logger: logger)
    switch options.scenario {
    case .idle: return try await IdleScenario(options: options, population: population, fleet: fleet).run()
    case .broadcast: return try await BroadcastScenario(options: options, population: population, fleet: fleet, redis: redis).run()
    case .fanout, .chat: return try await SendScenario(options: options, population: population, fleet: fleet).run()
    }
}
print(report.json())
// The client sockets are still open: leave without waiting for them.
exit(0)
