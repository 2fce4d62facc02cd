import SocketIOCodec

/// What the Socket.IO layer keeps of one Engine.IO session between its packets: the assembler of
/// binary packets still waiting for attachments, the `/messaging` socket once CONNECT succeeded, and
/// whether a malformed packet closed it (what follows is dropped).
struct SocketIOConnectionState: Sendable {
    var assembler = SocketIOPacketAssembler()
    var socket: MessagingSocket?
    var isBroken = false
}
