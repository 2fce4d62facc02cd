// The service worker of the try-out page: shows InkStudio's Web Push notifications (the fan-out's
// offline notification JSON, decrypted by the browser) and opens the conversation on a click.
// A frontend copies it as is (public/sw.js in Next.js), changing only the URL it opens.
self.addEventListener("push", (event) => {
  const n = event.data ? event.data.json() : null;
  if (!n || n.type !== "new-messages") return;
  const from = n.sender.salonName || n.sender.firstName || "InkStudio";
  const more = n.messageCount > 1 ? ` (+${n.messageCount - 1})` : "";
  event.waitUntil(self.registration.showNotification(from + more, {
    body: n.preview || "Nouveau message",
    tag: "conversation:" + n.conversationId,  // one notification per conversation, replaced
    renotify: true,
    data: { conversationId: n.conversationId, messageId: n.messageId },
  }).then(() => self.clients.matchAll({ type: "window", includeUncontrolled: true }))
    // Open pages learn it (the try-out page logs it; a frontend may refresh its unread badge).
    .then((windows) => windows.forEach((w) => w.postMessage({ type: "notification-shown", conversationId: n.conversationId }))));
});
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = "/?conversation=" + encodeURIComponent(event.notification.data.conversationId);
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((windows) => {
    for (const w of windows) if ("focus" in w) { w.navigate(url); return w.focus(); }
    return self.clients.openWindow(url);
  }));
});
