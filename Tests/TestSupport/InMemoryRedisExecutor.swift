public import MessagingRedis
public import NIOCore
import Synchronization

/// A ``RedisCommandExecutor`` in memory, for unit tests of the code above Redis: streams
/// (`XADD`, `XLEN`), string keys (`SET` with `PX`, `GET`, `DEL`, `EXISTS`) and `PUBLISH` (recorded,
/// and handed to `onPublish`). Expiry is not modelled. Any other command fails with an error reply,
/// so a test never passes on a command it does not model.
public final class InMemoryRedisExecutor: RedisCommandExecutor, Sendable {
    /// One entry added to a stream.
    public struct StreamEntry: Sendable, Hashable {
        public var id: String
        public var fields: [String: String]
    }

    /// One published message.
    public struct Published: Sendable, Hashable {
        public var channel: String
        public var payload: ByteBuffer
    }

    private struct State {
        var streams: [String: [StreamEntry]] = [:]
        var keys: [String: ByteBuffer] = [:]
        var published: [Published] = []
        var commands: [String] = []
        var nextID = 1
    }

    public let keyPrefix: String
    private let state = Mutex(State())
    private let onPublish: @Sendable (Published) -> Void

    /// - Parameter onPublish: called with each `PUBLISH`, after it is recorded.
    public init(keyPrefix: String = "", onPublish: @escaping @Sendable (Published) -> Void = { _ in }) {
        self.keyPrefix = keyPrefix
        self.onPublish = onPublish
    }

    /// The entries of a stream (its full name, with the prefix), oldest first.
    public func entries(of stream: String) -> [StreamEntry] { state.withLock { $0.streams[stream] ?? [] } }

    /// A key's value.
    public func value(of key: String) -> ByteBuffer? { state.withLock { $0.keys[key] } }

    /// Every message published so far, in order.
    public var published: [Published] { state.withLock { $0.published } }

    /// The names of the commands run so far, in order.
    public var commandNames: [String] { state.withLock { $0.commands } }

    public func send(_ command: RedisCommand, timeout: Duration?) async throws -> RESPValue {
        let (reply, published) = try state.withLock { state in try Self.run(command, in: &state) }
        if let published { onPublish(published) }
        return reply
    }

    public func send(batch commands: [RedisCommand]) async throws -> [RESPValue] {
        var replies = [RESPValue]()
        for command in commands {
            do { replies.append(try await send(command, timeout: nil)) } catch let error as RedisClientError {
                replies.append(.error(error.message))
            }
        }
        return replies
    }

    private static func run(_ command: RedisCommand, in state: inout State) throws -> (RESPValue, Published?) {
        let arguments = command.arguments.dropFirst().map(text)
        state.commands.append(command.name)
        func argument(_ index: Int) throws -> String {
            guard index < arguments.count else { throw RedisClientError(.errorReply, message: "ERR wrong number of arguments", command: command.name) }
            return arguments[index]
        }
        switch command.name {
        case "XADD":
            let stream = try argument(0)
            var index = 1
            if try argument(1) == "MAXLEN" { index = 4 }
            guard try argument(index) == "*", (arguments.count - index - 1) % 2 == 0 else {
                throw RedisClientError(.errorReply, message: "ERR syntax error", command: command.name)
            }
            var fields = [String: String]()
            var field = index + 1
            while field < arguments.count {
                fields[arguments[field]] = arguments[field + 1]
                field += 2
            }
            let id = "\(state.nextID)-0"
            state.nextID += 1
            state.streams[stream, default: []].append(StreamEntry(id: id, fields: fields))
            return (.bulkString(ByteBuffer(string: id)), nil)
        case "XLEN":
            return (.integer(state.streams[try argument(0)]?.count ?? 0), nil)
        case "SET":
            state.keys[try argument(0)] = bytes(command.arguments[2])
            return (.simpleString("OK"), nil)
        case "GET":
            return (state.keys[try argument(0)].map { .bulkString($0) } ?? .null, nil)
        case "DEL":
            let removed = arguments.filter { state.keys.removeValue(forKey: $0) != nil }.count
            return (.integer(removed), nil)
        case "EXISTS":
            return (.integer(arguments.filter { state.keys[$0] != nil }.count), nil)
        case "PUBLISH":
            let published = Published(channel: try argument(0), payload: bytes(command.arguments[2]))
            state.published.append(published)
            return (.integer(0), published)
        default:
            throw RedisClientError(.errorReply, message: "ERR unknown command '\(command.name)' (not modelled in memory)", command: command.name)
        }
    }

    private static func text(_ argument: RedisArgument) -> String {
        switch argument {
        case .string(let value): value
        case .bytes(let buffer): String(buffer: buffer)
        case .integer(let value): String(value)
        case .prefixed(let prefix, let name): prefix + name
        }
    }

    private static func bytes(_ argument: RedisArgument) -> ByteBuffer {
        if case .bytes(let buffer) = argument { return buffer }
        return ByteBuffer(string: text(argument))
    }
}
