// End-to-end send-message throughput of one message store: commands queued on the `commands`
// stream the way gateways queue them, replies awaited on a gateway channel; and, beside it, the raw
// batched INSERT rate of the same PostgreSQL. Run by deploy/bench-store.sh, which starts everything.
import Foundation
import JWTKit
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import PostgresNIO
import ServiceKit
import TestSupport

struct Options {
    var redisURL = "redis://127.0.0.1:6379"
    var keyPrefix = "inkstudio:"
    var storeURL = "http://127.0.0.1:8082"
    var postgres = ""
    var secret = ""
    var messages = 100_000
    var conversations = 100

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw BenchmarkError("\(flag) needs a value") }
            switch flag {
            case "--redis": redisURL = value
            case "--prefix": keyPrefix = value
            case "--store": storeURL = value
            case "--postgres": postgres = value
            case "--secret": secret = value
            case "--messages": messages = Int(value) ?? messages
            case "--conversations": conversations = Int(value) ?? conversations
            default: throw BenchmarkError("unknown option \(flag)")
            }
        }
        guard !secret.isEmpty, !postgres.isEmpty else { throw BenchmarkError("--secret and --postgres are required") }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func createConversations(_ options: Options, owner: UserSummary) async throws -> [String] {
    let bearer = try await TestTokens.hs256(owner, expiresIn: 3600, secret: options.secret)
    var ids = [String]()
    for index in 0..<options.conversations {
        let body = try await HTTP.request(
            .POST, options.storeURL + "/api/conversations", token: bearer, json: CreateConversationRequest(participantIds: ["bench-salon-\(index)"]))
        ids.append(try MessagingJSON.decode(ConversationResponse.self, from: Data(body.utf8)).conversation.id)
    }
    return ids
}

/// Queues every command, pipelined, and waits for every reply. The commands are encoded before the
/// clock starts: what is timed is the store's work, not the generator's JSON encoding.
func endToEnd(_ options: Options, redis: RedisClient, conversations: [String], owner: UserSummary) async throws -> Double {
    let gateway = "bench-gateway"
    let total = options.messages
    let clock = ContinuousClock()
    // Request ids unique to this run: a repeated id is a redelivery, answered without inserting.
    let run = UUID().uuidString.lowercased()
    var batches = [[RedisCommand]]()
    var batch = [RedisCommand]()
    for index in 0..<options.messages {
        let envelope = CommandEnvelope(
            requestId: "bench-\(run)-\(index)", replyTo: gateway, issuedAt: Date(), actor: owner,
            command: .sendMessage(SendMessageRequest(conversationId: conversations[index % conversations.count], content: "message number \(index)")))
        var arguments: [RedisArgument] = [.string("XADD"), redis.key(RedisNames.commandsStream), .string("*")]
        for (name, value) in envelope.streamFields() { arguments += [.string(name), .string(value)] }
        batch.append(RedisCommand(arguments))
        if batch.count == 1000 {
            batches.append(batch)
            batch.removeAll(keepingCapacity: true)
        }
    }
    if !batch.isEmpty { batches.append(batch) }
    return try await redis.subscribe(to: [RedisNames.gateway(gateway)]) { replies in
        let start = clock.now
        async let finished: Duration = {
            var failures = 0
            var remaining = total
            for await message in replies {
                if let envelope = try? CommandReplyEnvelope(decoding: Array(message.payload.readableBytesView)), envelope.header.error != nil {
                    failures += 1
                }
                remaining -= 1
                if remaining == 0 { break }
            }
            if failures > 0 { print("warning: \(failures) commands failed") }
            return clock.now - start
        }()
        for batch in batches { _ = try await redis.send(batch: batch) }
        return Double(options.messages) / seconds(await finished)
    }
}

/// The same PostgreSQL, rows inserted directly in multi-row statements, 500 per transaction.
func rawInsertRate(_ options: Options, logger: Logger) async throws -> Double {
    let components = URLComponents(string: options.postgres)!
    let configuration = PostgresConnection.Configuration(
        host: components.host!, port: components.port ?? 5432, username: components.user!, password: components.password,
        database: String(components.path.dropFirst()), tls: .disable)
    let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
    defer { Task { try? await connection.close() } }
    _ = try await connection.query("CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, conversation_id TEXT, seq BIGINT, content TEXT, created_at BIGINT)", logger: logger)
    _ = try await connection.query("TRUNCATE bench_raw", logger: logger)
    let clock = ContinuousClock()
    let start = clock.now
    var inserted = 0
    while inserted < options.messages {
        let count = min(500, options.messages - inserted)
        var sql = "INSERT INTO bench_raw (id, conversation_id, seq, content, created_at) VALUES "
        var binds = PostgresBindings(capacity: count * 5)
        for row in 0..<count {
            let base = row * 5
            sql += (row == 0 ? "" : ", ") + "($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5))"
            binds.append("raw-\(inserted + row)")
            binds.append("c\((inserted + row) % 100)")
            binds.append(inserted + row)
            binds.append("message number \(inserted + row)")
            binds.append(Int(Date().timeIntervalSince1970 * 1000))
        }
        _ = try await connection.query("BEGIN", logger: logger)
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        _ = try await connection.query("COMMIT", logger: logger)
        inserted += count
    }
    let rate = Double(options.messages) / seconds(clock.now - start)
    _ = try await connection.query("DROP TABLE bench_raw", logger: logger)
    return rate
}

let options: Options
do {
    options = try Options(CommandLine.arguments)
} catch {
    print("error: \(error)\nusage: store-benchmark --secret S --postgres postgres://… [--redis URL] [--prefix P] [--store URL] [--messages N] [--conversations C]")
    exit(2)
}
var logger = Logger(label: "store-benchmark")
logger.logLevel = .warning
var redisConfiguration = try RedisConfiguration(url: options.redisURL)
redisConfiguration.keyPrefix = options.keyPrefix
redisConfiguration.commandTimeout = .seconds(60)
let redis = RedisClient(configuration: redisConfiguration, logger: logger)
let owner = UserSummary(id: "bench-client", firstName: "Bench", role: .client)

try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await redis.run() }
    let conversations = try await createConversations(options, owner: owner)
    let endToEndRate = try await endToEnd(options, redis: redis, conversations: conversations, owner: owner)
    let rawRate = try await rawInsertRate(options, logger: logger)
    print("store send-message end to end: \(Int(endToEndRate)) commands/s (\(options.messages) commands, \(options.conversations) conversations)")
    print("raw batched INSERT, same PostgreSQL: \(Int(rawRate)) rows/s (500 rows per transaction)")
    print("ratio: \(Int((100 * endToEndRate / rawRate).rounded())) %")
    group.cancelAll()
}
