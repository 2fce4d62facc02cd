import Foundation
import Logging
import MessagingProtocol
import MessagingRedis
import ServiceKit
import ServiceLifecycle
import Synchronization

/// The message store as the gateway sees it: a command goes to the `commands` stream naming this
/// instance, and its answer comes back on `gateway:{instanceId}`. A command not answered within
/// the ack timeout is `UNAVAILABLE` (never silence).
///
/// Waiting costs no task: a waiter is a callback in a table, called by the reply (on the broker's
/// delivery) or, past its deadline, by this service's sweep. A `Service` for that sweep.
final class StoreClient: Service, Sendable {
    typealias Answer = Result<String, MessagingError>
    typealias Callback = @Sendable (Answer) -> Void

    private let redis: any RedisCommandExecutor
    private let instanceID: String
    private let timeout: Duration
    private let logger: Logger
    private let table = Mutex(StoreReplyTable<Callback, Answer, ContinuousClock.Instant>())
    private let backlog: CommandBacklog?
    /// The stream fields of each command queued within the ack timeout, to queue again if its reply
    /// may have been lost (the subscription to `gateway:{id}` came back).
    private let queued = Mutex<[String: (fields: [(String, String)], at: ContinuousClock.Instant)]>([:])

    /// - Parameter backlog: when set, commands are refused while the stores are too far behind.
    init(redis: any RedisCommandExecutor, instanceID: String, timeout: Duration, backlog: CommandBacklog? = nil, logger: Logger) {
        self.redis = redis
        self.instanceID = instanceID
        self.timeout = timeout
        self.backlog = backlog
        self.logger = logger
    }

    /// Answers `UNAVAILABLE` to every waiter past its deadline, a few times per timeout.
    func run() async throws {
        let tick = min(max(timeout / 20, .milliseconds(10)), .milliseconds(100))
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: tick)
            expire(now: .now)
        }
        // Stopping: nobody will answer those still waiting.
        for callback in table.withLock({ $0.removeAll() }) { callback(.failure(Self.timedOut)) }
    }

    /// Writes a command to the stream (in the caller's order) and returns the request id to wait on.
    func enqueue(_ command: StoreCommand, as actor: UserSummary) async -> Result<String, MessagingError> {
        if backlog?.isOverLimit == true { return .failure(Self.behind) }
        // Time-ordered: a stored message keeps it (`request_id`, a unique index that only grows).
        let requestID = TimeOrderedUUID.make()
        var envelope = CommandEnvelope(requestId: requestID, replyTo: instanceID, issuedAt: Date(), actor: actor, command: command)
        envelope.traceParent = TraceParent.current()
        let fields = envelope.streamFields()
        queued.withLock { $0[requestID] = (fields, .now) }
        do {
            try await redis.xadd(RedisNames.commandsStream, fields: fields)
            return .success(requestID)
        } catch {
            logger.warning("cannot queue a command", metadata: ["command": "\(command.name)", "error": "\(error)"])
            return .failure(MessagingError(.unavailable))
        }
    }

    /// Calls `callback` once with the answer to what ``enqueue(_:as:)`` returned: its failure at
    /// once, else the store's answer when it arrives, or `UNAVAILABLE` after the timeout.
    func whenAnswered(_ queued: Result<String, MessagingError>, _ callback: @escaping Callback) {
        let requestID: String
        switch queued {
        case .failure(let error):
            callback(.failure(error))
            return
        case .success(let id):
            requestID = id
        }
        let action = table.withLock { $0.wait(for: requestID, deadline: .now + timeout, callback: callback) }
        if case .answer(let answer) = action { callback(answer) }
    }

    /// The answer to what ``enqueue(_:as:)`` returned, awaited.
    func answer(to queued: Result<String, MessagingError>) async -> Answer {
        await withCheckedContinuation { continuation in
            whenAnswered(queued) { continuation.resume(returning: $0) }
        }
    }

    /// Enqueues and waits.
    func call(_ command: StoreCommand, as actor: UserSummary) async -> Answer {
        await answer(to: await enqueue(command, as: actor))
    }

    /// The subscription to `gateway:{instanceId}` came back: replies published meanwhile are lost,
    /// so the commands still waiting are queued again, same request ids. The store answers a
    /// command it already applied with its first outcome (a send is never stored twice).
    func requeueWaiting() async {
        let waiting = queued.withLock { queued in
            table.withLock { table in queued.filter { table.isWaiting($0.key) } }
        }
        guard !waiting.isEmpty else { return }
        logger.notice("replies may have been lost: commands queued again", metadata: ["count": "\(waiting.count)"])
        for (_, entry) in waiting.sorted(by: { $0.value.at < $1.value.at }) {
            _ = try? await redis.xadd(RedisNames.commandsStream, fields: entry.fields)
        }
    }

    /// A reply arrived on `gateway:{instanceId}`.
    func receive(_ payload: [UInt8]) {
        guard let envelope = try? CommandReplyEnvelope(decoding: payload) else {
            logger.warning("unreadable reply dropped")
            return
        }
        let answer: Answer = envelope.header.error.map { .failure($0) } ?? .success(envelope.body)
        let requestID = envelope.header.requestId
        queued.withLock { _ = $0.removeValue(forKey: requestID) }
        switch table.withLock({ $0.reply(to: requestID, answer: answer, keepUntil: .now + timeout) }) {
        case .answer(let callback): callback(answer)
        case .late: logger.debug("late reply dropped", metadata: ["request.id": "\(requestID)"])
        case .early: break
        }
    }

    private static let timedOut = MessagingError(.unavailable, "the message store did not answer in time")
    private static let behind = MessagingError(.unavailable, "the message store is behind: try again in a moment")

    private func expire(now: ContinuousClock.Instant) {
        let expired = table.withLock { $0.expire(now: now, forgetLateAfter: now + timeout * 6) }
        queued.withLock { queued in queued = queued.filter { now - $0.value.at < timeout } }
        for callback in expired { callback(.failure(Self.timedOut)) }
    }
}
