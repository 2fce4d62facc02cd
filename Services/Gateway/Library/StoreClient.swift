import Foundation
import Logging
import MessagingProtocol
import MessagingRedis
import Synchronization

/// The message store as the gateway sees it: a command goes to the `commands` stream naming this
/// instance, and its answer comes back on `gateway:{instanceId}`. A command not answered within
/// the ack timeout is `UNAVAILABLE` (never silence).
final class StoreClient: Sendable {
    typealias Answer = Result<String, MessagingError>
    private let redis: RedisClient
    private let instanceID: String
    private let timeout: Duration
    private let logger: Logger
    private let waiting = Mutex<[String: CheckedContinuation<Answer, Never>]>([:])
    private let early = Mutex<[String: Answer]>([:])
    /// Requests whose waiter gave up (timeout): their late replies are dropped, not kept.
    private let abandoned = Mutex<Set<String>>([])

    init(redis: RedisClient, instanceID: String, timeout: Duration, logger: Logger) {
        self.redis = redis
        self.instanceID = instanceID
        self.timeout = timeout
        self.logger = logger
    }

    /// Writes a command to the stream (in the caller's order) and returns the request id to wait on.
    func enqueue(_ command: StoreCommand, as actor: UserSummary) async -> Result<String, MessagingError> {
        let requestID = UUID().uuidString
        let envelope = CommandEnvelope(requestId: requestID, replyTo: instanceID, issuedAt: Date(), actor: actor, command: command)
        do {
            try await redis.xadd(RedisNames.commandsStream, fields: try envelope.streamFields())
            return .success(requestID)
        } catch {
            logger.warning("cannot queue a command", metadata: ["command": "\(command.name)", "error": "\(error)"])
            return .failure(MessagingError(.unavailable))
        }
    }

    /// The answer's raw JSON body, or its error; `UNAVAILABLE` after the timeout.
    func answer(to requestID: String) async -> Answer {
        await withTaskGroup(of: Answer?.self) { group in
            group.addTask { await self.wait(for: requestID) }
            group.addTask {
                try? await Task.sleep(for: self.timeout)
                return nil
            }
            defer { group.cancelAll() }
            let first = await group.next() ?? nil
            guard let first else {
                self.abandoned.withLock { _ = $0.insert(requestID) }
                self.waiting.withLock { $0.removeValue(forKey: requestID) }?.resume(returning: .failure(MessagingError(.unavailable)))
                return .failure(MessagingError(.unavailable, "the message store did not answer in time"))
            }
            return first
        }
    }

    /// The answer to what ``enqueue(_:as:)`` returned: its failure as it is, else the store's answer.
    func answer(to queued: Result<String, MessagingError>) async -> Answer {
        switch queued {
        case .success(let id): await answer(to: id)
        case .failure(let error): .failure(error)
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
            waiter.resume(returning: answer)
        } else if abandoned.withLock({ $0.remove(requestID) }) != nil {
            logger.debug("late reply dropped", metadata: ["request.id": "\(requestID)"])
        } else {
            // The reply overtook the waiter (it is registered just after the XADD returns).
            early.withLock { $0[requestID] = answer }
        }
    }

    private func wait(for requestID: String) async -> Answer? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Answer, Never>) in
                if let answer = early.withLock({ $0.removeValue(forKey: requestID) }) {
                    continuation.resume(returning: answer)
                    return
                }
                waiting.withLock { $0[requestID] = continuation }
                if let answer = early.withLock({ $0.removeValue(forKey: requestID) }),
                    let waiter = waiting.withLock({ $0.removeValue(forKey: requestID) })
                {
                    waiter.resume(returning: answer)
                }
            }
        } onCancel: {
            waiting.withLock { $0.removeValue(forKey: requestID) }?.resume(returning: .failure(MessagingError(.unavailable)))
        }
    }
}
