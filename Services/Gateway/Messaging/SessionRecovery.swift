import JSONCoding
import Logging
import MessagingProtocol
import MessagingRedis
import NIOCore
import ServiceKit
import SocketIO

/// Socket.IO connection state recovery, across gateways: a socket whose session ended without it
/// leaving (transport closed or failed, ping timeout, this gateway shutting down) is kept in Redis
/// for the window under its private session id; a client that presents that `pid` (with an offset,
/// as the official client does) within the window, as the same user, gets its socket id and its
/// rooms back, and the `new-message` events it missed, then `socket.recovered` is true.
///
/// `new-message` broadcasts carry an offset as their last argument (`"<room>:<seq>"`), which the
/// official client remembers and sends back; where each room stood is kept here, by `seq`.
struct SessionRecovery: Sendable {
    let redis: any RedisCommandExecutor
    /// How long a disconnected socket can be recovered; `nil` when recovery is off.
    let window: Duration?
    let logger: Logger

    var isEnabled: Bool { window != nil }

    /// A new private session id, when recovery is on.
    func newPID() -> String? {
        isEnabled ? RandomUUID.make() : nil
    }

    /// Keeps a socket's state for the window.
    func persist(_ session: RecoverableSession) async {
        guard let window else { return }
        do {
            try await redis.set(RedisNames.recoverableSession(session.pid), to: ByteBuffer(bytes: session.writtenJSON), expiresIn: window)
        } catch {
            logger.warning("socket state not kept for recovery", metadata: ["socket": "\(session.sid)", "error": "\(error)"])
        }
    }

    /// The state kept under `pid` for `userID`, taken (a `pid` recovers once); `nil` when there is
    /// none, it expired, or it belongs to someone else.
    func take(pid: String, userID: String) async -> RecoverableSession? {
        guard isEnabled, MessageValidator.isIdentifier(pid) else { return nil }
        let key = RedisNames.recoverableSession(pid)
        do {
            guard let bytes = try await redis.get(key),
                let session = try? RecoverableSession(json: bytes.readableBytesView), session.userID == userID
            else { return nil }
            // Taken once: a second CONNECT with the same pid is a new socket.
            guard try await redis.delete([key]) == 1 else { return nil }
            return session
        } catch {
            logger.warning("socket state not read for recovery", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The offset a `new-message` of `room` at `seq` carries: a JSON string.
    static func offset(room: String, seq: Int) -> String { "\(room):\(seq)".jsonString }
}
