import Logging
import MessagingProtocol
import ServiceLifecycle

/// Reads from the store what a room is missing on this instance: a gap in its `seq` that lasted
/// `patience` (a publish lost, or one store much slower than another), or everything after the
/// last delivered `seq` when the subscription came back. Asked as one of the room's users (a
/// participant), with `join-conversation {afterSeq}`; a page at a time until nothing is left.
struct RoomRepairer: Service {
    let delivery: RoomDelivery
    let hub: Hub
    let store: StoreClient
    let patience: Duration
    let logger: Logger

    func run() async throws {
        let tick = min(max(patience / 5, .milliseconds(10)), .milliseconds(200))
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await Task.sleep(for: tick)
                let now = ContinuousClock.now
                for order in delivery.ordersAwaitingRepair(forgetEmptyOlderThan: .seconds(10)) {
                    guard let afterSeq = order.read({ $0.repairNeeded(now: now, patience: patience) }) else { continue }
                    group.addTask { await repair(order, afterSeq: afterSeq) }
                }
            }
        }
    }

    private func repair(_ order: RoomOrder, afterSeq: Int) async {
        guard let user = hub.anySocket(inRoom: order.room)?.user else {
            order.read { $0.repairFailed(now: .now) }
            return
        }
        let answer = await store.call(.joinConversation(JoinConversationRequest(conversationId: order.room, afterSeq: afterSeq)), as: user)
        switch answer {
        case .success(let body):
            guard let history = try? ConversationHistoryPayload(json: body) else {
                order.read { $0.repairFailed(now: .now) }
                return
            }
            if !history.messages.isEmpty {
                logger.notice(
                    "room caught up from the store",
                    metadata: ["room": "\(order.room)", "after.seq": "\(afterSeq)", "messages": "\(history.messages.count)"])
            }
            delivery.fill(order, with: history.messages, more: history.hasMore)
        case .failure(let error):
            logger.warning("room repair failed, will retry", metadata: ["room": "\(order.room)", "error": "\(error)"])
            order.read { $0.repairFailed(now: .now) }
        }
    }
}
