import SocketIO

/// The packets a batch of broadcasts gives each local socket, gathered and then sent once per
/// socket, in order: a recipient's `new-message` and the unread count it raised, published in one
/// transaction and read together, leave in one write. Used by one caller at a time (not shared).
final class SocketFrames {
    private var sockets: [ObjectIdentifier: (socket: MessagingSocket, packets: [SocketIOEncodedPacket])] = [:]
    private var order: [ObjectIdentifier] = []

    /// Queues a packet for a socket, after those queued before.
    func add(_ packet: SocketIOEncodedPacket, for socket: MessagingSocket) {
        let id = ObjectIdentifier(socket)
        if sockets[id] == nil {
            sockets[id] = (socket, [packet])
            order.append(id)
        } else {
            sockets[id]!.packets.append(packet)
        }
    }

    /// Sends each socket its packets in one write, sockets in the order they first got one.
    func send() {
        for id in order {
            guard let (socket, packets) = sockets[id] else { continue }
            socket.send(packets)
        }
        sockets.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
    }
}
