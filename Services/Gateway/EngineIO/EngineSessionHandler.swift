
/// The layer above Engine.IO (the Socket.IO server). It is handed a session's message and binary
/// packets one at a time, in the order the client sent them (never two of one session at once),
/// then told once that the session ended; both run in the engine's task group, and a session has
/// no task while it is idle.
package protocol EngineSessionHandler: Sendable {
    /// A `message` or `binary` packet of `session`; `tasks` runs what must wait beside the next ones.
    func receive(_ packet: EngineIOPacket, from session: EngineSession, tasks: EngineTasks) async
    /// The session is over and every packet it received was handled.
    func ended(_ session: EngineSession) async
}
