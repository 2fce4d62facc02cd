/// The transport that carries an Engine.IO session.
package enum EngineTransport: Hashable, Sendable {
    case polling
    case websocket
}
