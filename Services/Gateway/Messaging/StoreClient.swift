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

    private struct Waiter {
        var callback: Callback
        var deadline: ContinuousClock.Instant
    }

    private let redis: any RedisCommandExecutor
    private let instanceID: String
    private let timeout: Duration
    private let logger: Logger
    private let waiting = Mutex<[String: Waiter]>([:])
    private let early = Mutex<[String: Answer]>([:])
    /// Requests whose waiter gave up (timeout): their late replies are dropped, not kept.
    private let abandoned = Mutex<Set<String>>([])

    init(redis: any RedisCommandExecutor, instanceID: String, timeout: Duration, logger: Logger) {
        self.redis = redis
        self.instanceID = instanceID
        self.timeout = timeout
        self.logger = logger
    }

    /// Answers `UNAVAILABLE` to every waiter past its deadline, a few times per timeout.
    func run() async throws {
        let tick = min(max(timeout / 20, .milliseconds(10)), .milliseconds(100))
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: tick)
            expire(before: .now)
        }
        // Stopping: nobody will answer those still waiting.
        expire(before: .now + .seconds(86_400 * 365))
    }

    /// Writes a command to the stream (in the caller's order) and returns the request id to wait on.
    func enqueue(_ command: StoreCommand, as actor: UserSummary) async -> Result<String, MessagingError> {
        let requestID = RandomUUID.make()
        let envelope = CommandEnvelope(requestId: requestID, replyTo: instanceID, issuedAt: Date(), actor: actor, command: command)
        do {
            try await redis.xadd(RedisNames.commandsStream, fields: try envelope.streamFields())
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
        if let answer = early.withLock({ $0.removeValue(forKey: requestID) }) {
            callback(answer)
            return
        }
        waiting.withLock { $0[requestID] = Waiter(callback: callback, deadline: .now + timeout) }
        // The reply may have arrived between the two looks.
        if let answer = early.withLock({ $0.removeValue(forKey: requestID) }),
            let waiter = waiting.withLock({ $0.removeValue(forKey: requestID) })
        {
            waiter.callback(answer)
        }
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

    /// A reply arrived on `gateway:{instanceId}`.
    func receive(_ payload: [UInt8]) {
        guard let envelope = try? CommandReplyEnvelope(decoding: payload) else {
            logger.warning("unreadable reply dropped")
            return
        }
        let answer: Answer = envelope.header.error.map { .failure($0) } ?? .success(envelope.body)
        let requestID = envelope.header.requestId
        if let waiter = waiting.withLock({ $0.removeValue(forKey: requestID) }) {
            waiter.callback(answer)
        } else if abandoned.withLock({ $0.remove(requestID) }) != nil {
            logger.debug("late reply dropped", metadata: ["request.id": "\(requestID)"])
        } else {
            // The reply overtook the waiter (it is registered just after the XADD returns).
            early.withLock { $0[requestID] = answer }
        }
    }

    private func expire(before instant: ContinuousClock.Instant) {
        let expired: [(String, Waiter)] = waiting.withLock { waiting in
            let late = waiting.filter { $0.value.deadline <= instant }
            for (id, _) in late { waiting.removeValue(forKey: id) }
            return Array(late)
        }
        guard !expired.isEmpty else { return }
        abandoned.withLock { abandoned in for (id, _) in expired { abandoned.insert(id) } }
        for (_, waiter) in expired {
            waiter.callback(.failure(MessagingError(.unavailable, "the message store did not answer in time")))
        }
    }
}
