/// The layer above Engine.IO (the Socket.IO server): given a new session, it reads the session's
/// inbound packets until the session ends. Called once per session, in the engine's task group.
protocol EngineSessionHandler: Sendable {
    func run(_ session: EngineSession) async
}
