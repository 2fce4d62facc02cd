// Pipelined PUBLISH throughput of the Swift Redis client on one connection, to compare with
// `redis-benchmark -t publish -P 100 -c 1` run against the same server (see deploy/bench-redis.sh).
import Foundation
import Logging
import MessagingRedis
import NIOCore

struct Options {
    var url = "redis://127.0.0.1:6379"
    var requests = 2_000_000
    var pipeline = 100
    var inFlight = 1
    var runs = 3

    init(arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw OptionError("\(flag) needs a value") }
            switch flag {
            case "--url": url = value
            case "--requests": requests = try Self.positive(flag, value)
            case "--pipeline": pipeline = try Self.positive(flag, value)
            case "--in-flight": inFlight = try Self.positive(flag, value)
            case "--runs": runs = try Self.positive(flag, value)
            default: throw OptionError("unknown option \(flag)")
            }
        }
    }

    static func positive(_ flag: String, _ value: String) throws -> Int {
        guard let number = Int(value), number > 0 else { throw OptionError("\(flag) must be a positive integer, got \(value)") }
        return number
    }
}

struct OptionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let options: Options
do {
    options = try Options(arguments: CommandLine.arguments)
} catch {
    print("error: \(error)\nusage: redis-benchmark-swift [--url redis://…] [--requests N] [--pipeline P] [--in-flight K] [--runs R]")
    exit(2)
}

var logger = Logger(label: "redis-benchmark")
logger.logLevel = .warning
let client = RedisClient(configuration: try RedisConfiguration(url: options.url), logger: logger)

/// Sends `requests` PUBLISH commands in batches of `pipeline`, `inFlight` batches at a time.
func publishRun(_ client: RedisClient, options: Options) async throws -> Double {
    let batch = [RedisCommand](
        repeating: RedisCommand([.string("PUBLISH"), .string("channel"), .bytes(ByteBuffer(string: "xxx"))]),
        count: options.pipeline)
    let batches = options.requests / options.pipeline
    let clock = ContinuousClock()
    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for lane in 0..<options.inFlight {
            group.addTask {
                var index = lane
                while index < batches {
                    let replies = try await client.send(batch: batch)
                    precondition(replies.count == options.pipeline)
                    index += options.inFlight
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(batches * options.pipeline) / seconds
}

try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await client.run() }
    _ = try await client.send(RedisCommand("PING"))
    _ = try await publishRun(client, options: Options(arguments: ["", "--requests", "100000"]))  // warm-up
    var rates = [Double]()
    for _ in 0..<options.runs {
        rates.append(try await publishRun(client, options: options))
    }
    let median = rates.sorted()[rates.count / 2]
    print(
        "swift PUBLISH: \(Int(median)) requests per second (median of \(options.runs); pipeline \(options.pipeline), in flight \(options.inFlight), \(options.requests) requests per run; runs: \(rates.map { Int($0) }))"
    )
    group.cancelAll()
}
