import Foundation
import Logging
import MessagingProtocol
import SocketIO

/// What reaches this instance on its room and user channels, delivered to its sockets: a room
/// event is encoded once and the same bytes go to every local socket of the room (each keeps its
/// own `seq` order); a user event goes to every socket of the user; a token revocation
/// disconnects the sockets opened with that token.
final class RoomDelivery: Sendable {
    private let hub: Hub
    private let metrics: GatewayMetrics
    private let instanceID: String
    private let logger: Logger

    init(hub: Hub, metrics: GatewayMetrics, instanceID: String, logger: Logger) {
        self.hub = hub
        self.metrics = metrics
        self.instanceID = instanceID
        self.logger = logger
    }

    /// A broadcast envelope that arrived on a room or user channel.
    func receive(_ target: RoomChannel, _ bytes: [UInt8]) {
        guard let envelope = try? BroadcastEnvelope(decoding: bytes) else {
            logger.warning("unreadable broadcast dropped", metadata: ["channel": "\(target)"])
            return
        }
        let header = envelope.header
        switch target {
        case .room(let room):
            // What this instance published (typing) was delivered locally already.
            if header.origin == instanceID { return }
            deliver(header, body: envelope.body, room: room)
        case .user(let user):
            if header.event == ControlEvent.tokenRevoked.rawValue {
                revoke(envelope.body, user: user)
                return
            }
            let packet = SocketIOEncodedPacket.event(namespace: MessagingSocket.namespace, name: header.event, arguments: [envelope.body])
            let sockets = hub.sockets(ofUser: user)
            for socket in sockets where socket.id != header.exceptSocketId { socket.send(packet) }
            metrics.eventOut(header.event, count: sockets.count)
        case .gateway:
            break
        }
    }

    /// Encodes once and hands the same bytes to every local socket of the room.
    func deliver(_ header: BroadcastHeader, body: String, room: String) {
        let packet = SocketIOEncodedPacket.event(namespace: MessagingSocket.namespace, name: header.event, arguments: [body])
        let sockets = hub.sockets(inRoom: room)
        var delivered = 0
        for socket in sockets where socket.id != header.exceptSocketId {
            socket.deliver(packet, seq: header.seq, room: room)
            delivered += 1
        }
        metrics.broadcasts.increment()
        metrics.fanout.increment(by: delivered)
        metrics.eventOut(header.event, count: delivered)
    }

    private func revoke(_ body: String, user: String) {
        guard let payload = try? TokenRevokedPayload(json: body) else { return }
        for socket in hub.sockets(ofUser: user) where socket.tokenID == payload.tokenId {
            logger.info("token revoked: disconnecting", metadata: ["socket": "\(socket.id)", "user": "\(user)"])
            socket.connection.disconnect(reason: "token revoked")
        }
    }
}
