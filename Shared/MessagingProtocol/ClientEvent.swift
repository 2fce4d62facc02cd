/// The events a client emits on the `/messaging` namespace.
public enum ClientEvent: String, Sendable, CaseIterable, Hashable {
    /// `{ conversationId }` → the socket enters the room and receives `conversation-history`.
    case joinConversation = "join-conversation"
    /// `{ conversationId }` → the socket leaves the room.
    case leaveConversation = "leave-conversation"
    /// `{ conversationId, content, attachments?, clientMessageId? }`.
    case sendMessage = "send-message"
    /// `{ conversationId }` → `user-typing` to the other sockets of the room.
    case userTyping = "user-typing"
    /// `{ conversationId }` → `user-stopped-typing` to the other sockets of the room.
    case userStoppedTyping = "user-stopped-typing"
    /// `{ messageId }` → `message-read` to the room.
    case markAsRead = "mark-as-read"
    /// `{ conversationId }` → `message-read` for each newly read message, then the unread count.
    case markConversationAsRead = "mark-conversation-as-read"
    /// `{ messageId, content }` → `message-updated` to the room (the sender, within the edit window).
    case editMessage = "edit-message"
    /// `{ messageId }` → `message-deleted` to the room (the sender); the message stays a tombstone.
    case deleteMessage = "delete-message"
    /// `{ messageId, emoji }` → `reactions-updated` to the room.
    case addReaction = "add-reaction"
    /// `{ messageId, emoji }` → `reactions-updated` to the room.
    case removeReaction = "remove-reaction"
}
