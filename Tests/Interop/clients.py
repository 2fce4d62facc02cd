"""python-socketio clients (a Socket.IO implementation nobody here wrote) that record what they receive."""
import queue
import threading
import time

import socketio

from stack import token

NAMESPACE = "/messaging"
EVENTS = ["new-message", "conversation-history", "user-typing", "user-stopped-typing", "message-read",
          "unread-count-updated", "message-updated", "message-deleted", "reactions-updated", "error"]


class Client:
    def __init__(self, gateway, user, transports=("websocket",), reconnection=False, auth_token=None, connect=True, **profile):
        self.user = user
        self.sio = socketio.Client(reconnection=reconnection, reconnection_delay=0.2, reconnection_delay_max=0.5)
        self.events = {name: queue.Queue() for name in EVENTS + ["connect", "disconnect", "connect_error"]}
        self.lock = threading.Lock()
        self.last_offset = None
        for name in EVENTS:
            self.sio.on(name, self._recorder(name), namespace=NAMESPACE)
        self.sio.on("connect", lambda: self.events["connect"].put(time.time()), namespace=NAMESPACE)
        self.sio.on("disconnect", lambda reason=None: self.events["disconnect"].put(reason), namespace=NAMESPACE)
        self.sio.on("connect_error", lambda data=None: self.events["connect_error"].put(data), namespace=NAMESPACE)
        self.token = auth_token if auth_token is not None else token(user, firstName=user.capitalize(), **profile)
        self.url = gateway.url if hasattr(gateway, "url") else gateway
        self.transports = list(transports)
        if connect:
            self.connect()

    def _recorder(self, name):
        def record(*args):
            # With connection state recovery a broadcast's last argument is its offset, which the
            # official client keeps (and presents when it reconnects); the payload is the rest.
            if len(args) > 1 and isinstance(args[-1], str):
                self.last_offset = args[-1]
                args = args[:-1]
            self.events[name].put(args[0] if len(args) == 1 else args)
        return record

    def connect(self):
        self.sio.connect(self.url, namespaces=[NAMESPACE], transports=self.transports, auth={"token": self.token}, wait_timeout=10)

    def call(self, event, payload, timeout=15):
        return self.sio.call(event, payload, namespace=NAMESPACE, timeout=timeout)

    def emit(self, event, payload):
        self.sio.emit(event, payload, namespace=NAMESPACE)

    def next(self, event, timeout=10):
        try:
            return self.events[event].get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"{self.user} received no {event} within {timeout}s") from None

    def none(self, event, within=0.5):
        try:
            value = self.events[event].get(timeout=within)
        except queue.Empty:
            return True
        raise AssertionError(f"{self.user} received an unexpected {event}: {value}")

    def drain(self, event):
        items = []
        while True:
            try:
                items.append(self.events[event].get_nowait())
            except queue.Empty:
                return items

    def join(self, conversation):
        ack = self.call("join-conversation", {"conversationId": conversation})
        assert ack["ok"], ack
        return self.next("conversation-history")

    def close(self):
        try:
            self.sio.disconnect()
        except Exception:
            pass
