import NIOCore

/// What a caller hands to ``RedisChannelHandler``: commands to write and where their replies go.
struct RedisRequest {
    enum Commands {
        case one(RedisCommand)
        case many([RedisCommand])
    }

    enum Completion {
        /// One reply; an error reply fails the promise.
        case single(EventLoopPromise<RESPValue>)
        /// Several replies, error replies kept in place.
        case batch(EventLoopPromise<[RESPValue]>)

        func fail(_ error: any Error) {
            switch self {
            case .single(let promise): promise.fail(error)
            case .batch(let promise): promise.fail(error)
            }
        }
    }

    var commands: Commands
    /// How many replies complete the request (a `SUBSCRIBE` of three channels gets three).
    var expectedReplies: Int
    var completion: Completion
    /// Overrides the connection's command timeout (a blocking read waits longer).
    var timeout: TimeAmount?

    var name: String {
        switch commands {
        case .one(let command): command.name
        case .many(let commands): commands.count == 1 ? commands[0].name : "PIPELINE(\(commands.count))"
        }
    }
}
