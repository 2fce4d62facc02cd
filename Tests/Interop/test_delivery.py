"""Delivery guarantees under concurrency, against the real executables: every message acknowledged to
its sender is stored and reaches every watcher once, in `seq` order, whatever number of stores and
gateways and HTTP writers. Watchers are raw WebSocket clients that record packets in wire order
(python-socketio dispatches events on threads, which may reorder them)."""
import json
import signal
import os
import threading
import time

import websocket

from stack import BUILD, Stack, free_port, token

PREFIX = "42/messaging,"


class RawSocket:
    """A Socket.IO v5 client over one WebSocket, reading packets in the order the wire has them.
    With `recover`, it presents a previous connection's pid and last offset in its CONNECT, as the
    official client does (`_sendConnectPacket`), and is recovered when the answer has that pid."""

    def __init__(self, gateway, user, recover=None):
        self.ws = websocket.create_connection(gateway.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=20)
        assert self.ws.recv().startswith("0")
        auth = {"token": token(user)}
        if recover is not None and recover.pid is not None:
            auth = {"pid": recover.pid, "offset": recover.last_offset} | auth
        self.ws.send("40/messaging," + json.dumps(auth))
        answer = self.ws.recv()
        assert answer.startswith('40/messaging,{"sid":"'), answer
        connected = json.loads(answer[len("40/messaging,"):])
        self.sid, self.pid = connected["sid"], connected.get("pid")
        self.recovered = recover is not None and self.pid is not None and self.pid == recover.pid
        self.last_offset = None
        self.unread = None  # the last unread-count-updated total
        self.next_ack = 0
        self.acks = {}
        self.messages = []  # new-message payloads, in wire order
        self.lock = threading.Lock()

    def packet(self):
        while True:
            text = self.ws.recv()
            if text == "2":
                self.ws.send("3")
                continue
            return text

    def emit(self, event, payload):
        """Sends with an ack id; returns the id."""
        with self.lock:
            ack = self.next_ack
            self.next_ack += 1
            self.ws.send("%s%d%s" % (PREFIX, ack, json.dumps([event, payload])))
        return ack

    def read_until(self, done, deadline):
        """Reads packets (recording acks and new-message events) until done() or the deadline."""
        while not done():
            assert time.time() < deadline, "timed out: %d acks, %d messages" % (len(self.acks), len(self.messages))
            text = self.packet()
            if text.startswith("43/messaging,"):
                body = text[len("43/messaging,"):]
                bracket = body.index("[")
                self.acks[int(body[:bracket])] = json.loads(body[bracket:])[0]
            elif text.startswith(PREFIX):
                event = json.loads(text[len(PREFIX):])
                name, payload = event[:2]
                if self.pid and len(event) > 2 and isinstance(event[-1], str):
                    self.last_offset = event[-1]
                if name == "new-message":
                    self.messages.append(payload)
                elif name == "unread-count-updated":
                    self.unread = payload["totalUnread"]

    def watch(self, total, seconds, failures):
        """Reads in a thread of its own (in wire order, as a browser tab would) until `total`
        new-message events arrived; a failure is reported in `failures`. Returns the started thread."""
        def read():
            try:
                self.read_until(lambda: len(self.messages) >= total, time.time() + seconds)
            except Exception as error:
                failures.append("a watcher got %d of %d messages, then %r" % (len(self.messages), total, error))
        thread = threading.Thread(target=read)
        thread.start()
        return thread

    def join(self, conversation):
        ack = self.emit("join-conversation", {"conversationId": conversation})
        self.read_until(lambda: ack in self.acks, time.time() + 20)
        assert self.acks[ack]["ok"], self.acks[ack]

    def close(self):
        self.ws.close()


def test_two_stores_and_http_posts_reach_every_watcher_once_in_seq_order(stack, gateway_a, gateway_b):
    # A second store on the same database: the two commit in turn and publish in whatever order.
    port = free_port()
    second = stack.start("store-2", [os.path.join(BUILD, "messaging-store")], stack.common_env(port, "store-2") | {
        "DATABASE_URL": "sqlite://" + os.path.join(stack.dir, "store.sqlite"),
    })
    stack.wait_ready(port, second)
    try:
        conversation = stack.conversation("wanda", "xavier")
        watchers = [RawSocket(gateway_a, "xavier"), RawSocket(gateway_b, "xavier"), RawSocket(gateway_b, "wanda")]
        for watcher in watchers:
            watcher.join(conversation)
        writers = [RawSocket(gateway_a if index % 2 else gateway_b, "wanda" if index % 3 else "xavier") for index in range(6)]
        per_writer, http_posts = 120, 150
        total = per_writer * len(writers) + http_posts
        acknowledged = []
        failures = []

        def write(writer, index):
            try:
                ids = [writer.emit("send-message", {"conversationId": conversation, "content": "w%d-%d" % (index, n)})
                       for n in range(per_writer)]
                writer.read_until(lambda: all(ack in writer.acks for ack in ids), time.time() + 60)
                for ack in ids:
                    reply = writer.acks[ack]
                    assert reply["ok"], reply
                    acknowledged.append(reply["message"]["id"])
            except Exception as error:  # reported below, with the others
                failures.append(repr(error))

        def post():
            try:
                for n in range(http_posts):
                    acknowledged.append(stack.api("POST", "/api/conversations/%s/messages" % conversation, "wanda",
                                                  {"content": "http-%d" % n})["message"]["id"])
            except Exception as error:
                failures.append(repr(error))

        # The watchers read all along (in wire order), as a browser tab would.
        watching = [watcher.watch(total, 120, failures) for watcher in watchers]
        threads = [threading.Thread(target=write, args=(writer, index)) for index, writer in enumerate(writers)]
        threads.append(threading.Thread(target=post))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        for thread in watching:
            thread.join(timeout=120)
        assert not failures, failures[:3]
        assert len(acknowledged) == total

        # Every watcher: every acknowledged message, once, in seq order 1..total.
        for watcher in watchers:
            seqs = [message["seq"] for message in watcher.messages]
            assert seqs == list(range(1, total + 1)), "first out of order at %s" % next(
                (i for i, (a, b) in enumerate(zip(seqs, range(1, total + 1))) if a != b), None)
            assert sorted(message["id"] for message in watcher.messages) == sorted(acknowledged)
        for socket in watchers + writers:
            socket.close()
    finally:
        second.stop()


def test_a_gateway_whose_subscription_is_killed_catches_up_in_order(stack, gateway_a, gateway_b):
    conversation = stack.conversation("yusuf", "zelda")
    watcher = RawSocket(gateway_a, "zelda")
    writer = RawSocket(gateway_b, "yusuf")
    try:
        watcher.join(conversation)
        total = 300
        failures = []

        watching = watcher.watch(total, 60, failures)
        first = [writer.emit("send-message", {"conversationId": conversation, "content": "before-%d" % n}) for n in range(total // 2)]
        writer.read_until(lambda: len([ack for ack in first if ack in writer.acks]) >= total // 4, time.time() + 30)
        # Every subscriber connection dropped while messages flow: what is published meanwhile is lost
        # for the gateways until they subscribe again; then they read it from the store.
        killed = stack.redis_cli("CLIENT", "KILL", "TYPE", "pubsub")
        assert int(killed or 0) >= 2, killed
        rest = [writer.emit("send-message", {"conversationId": conversation, "content": "after-%d" % n}) for n in range(total - total // 2)]
        writer.read_until(lambda: all(ack in writer.acks for ack in first + rest), time.time() + 60)
        assert all(writer.acks[ack]["ok"] for ack in first + rest)
        finished = time.time()
        watching.join(timeout=70)
        assert not failures, failures
        assert time.time() - finished < 5, "caught up within 5 s of the last acknowledgement"
        assert [message["seq"] for message in watcher.messages] == list(range(1, total + 1))
    finally:
        watcher.close()
        writer.close()


def test_connection_state_recovery_across_a_gateway_restart(stack, gateway_a, gateway_b):
    """The official client's recovery: a socket dropped by a gateway that stops comes back on another
    one with its id, its rooms and the messages it missed, without joining again, and none twice."""
    conversation = stack.conversation("amir", "bea")
    doomed = stack.gateway("gateway-recovery")
    bea = RawSocket(doomed, "bea")
    amir = RawSocket(gateway_a, "amir")
    try:
        assert bea.pid, "the CONNECT answer carries a pid"
        bea.join(conversation)
        first = amir.emit("send-message", {"conversationId": conversation, "content": "avant"})
        amir.read_until(lambda: first in amir.acks, time.time() + 10)
        bea.read_until(lambda: len(bea.messages) == 1, time.time() + 10)
        assert bea.last_offset, "a broadcast carries its offset last"

        assert doomed.stop() == 0, doomed.tail()
        missed = [amir.emit("send-message", {"conversationId": conversation, "content": "pendant-%d" % n}) for n in range(3)]
        amir.read_until(lambda: all(ack in amir.acks for ack in missed), time.time() + 10)

        back = RawSocket(gateway_b, "bea", recover=bea)
        assert back.recovered and back.sid == bea.sid
        back.read_until(lambda: len(back.messages) == 3, time.time() + 10)
        assert [m["content"] for m in back.messages] == ["pendant-0", "pendant-1", "pendant-2"]
        # Its room is back without a join: the next message arrives live, once.
        live = amir.emit("send-message", {"conversationId": conversation, "content": "apres"})
        amir.read_until(lambda: live in amir.acks, time.time() + 10)
        back.read_until(lambda: len(back.messages) == 4, time.time() + 10)
        assert [m["seq"] for m in back.messages] == [2, 3, 4, 5]

        # A pid recovers once, and only for its user.
        thief = RawSocket(gateway_b, "amir", recover=bea)
        assert not thief.recovered
        again = RawSocket(gateway_b, "bea", recover=bea)
        assert not again.recovered, "taken already"
        for socket in (back, thief, again):
            socket.close()
    finally:
        bea.close()
        amir.close()


def test_clients_of_a_killed_gateway_rejoin_after_their_last_seq_and_miss_nothing(stack, gateway_a, gateway_b):
    conversation = stack.conversation("cyrus", "dora")
    doomed = stack.gateway("gateway-killed")
    dora = RawSocket(doomed, "dora")
    cyrus = RawSocket(gateway_a, "cyrus")
    try:
        dora.join(conversation)
        total = 200
        sent = [cyrus.emit("send-message", {"conversationId": conversation, "content": "m%d" % n}) for n in range(total)]
        dora.read_until(lambda: len(dora.messages) >= 20, time.time() + 20)
        doomed.stop(signal.SIGKILL)  # no goodbye: its sockets just vanish
        cyrus.read_until(lambda: all(ack in cyrus.acks for ack in sent), time.time() + 60)
        assert all(cyrus.acks[ack]["ok"] for ack in sent)

        # The client comes back through the balancer to another gateway and asks for what follows its last seq.
        seen = [message["seq"] for message in dora.messages]
        back = RawSocket(gateway_b, "dora")
        ack = back.emit("join-conversation", {"conversationId": conversation, "afterSeq": seen[-1]})
        history = []
        while ack not in back.acks:
            text = back.packet()
            if text.startswith(PREFIX + '["conversation-history",'):
                history = json.loads(text[len(PREFIX):])[1]["messages"]
            elif text.startswith("43/messaging,"):
                back.acks[ack] = json.loads(text[text.index("["):])[0]
        assert back.acks[ack]["ok"] and back.acks[ack]["hasMore"] is False
        assert seen + [message["seq"] for message in history] == list(range(1, total + 1)), "none missed, none twice"
        back.close()
    finally:
        dora.close()
        cyrus.close()


def test_poison_input_is_refused_and_touches_nobody_else(stack, gateway_a):
    conversation = stack.conversation("emil", "fleur")
    writer = RawSocket(gateway_a, "emil")
    poisoner = RawSocket(gateway_a, "fleur")
    try:
        normal = []
        poison = []
        for n in range(100):
            normal.append(writer.emit("send-message", {"conversationId": conversation, "content": "ok-%d" % n}))
            if n % 10 == 0:
                poison.append(poisoner.emit("send-message", {"conversationId": conversation + "\u0000", "content": "x"}))
                poison.append(poisoner.emit("send-message", {"conversationId": conversation, "content": "y" * 400_000}))
                poison.append(poisoner.emit("send-message", {"conversationId": conversation, "content": "z", "clientMessageId": "k" * 500}))
                poison.append(poisoner.emit("mark-as-read", {"messageId": "m\u0000"}))
        writer.read_until(lambda: all(ack in writer.acks for ack in normal), time.time() + 30)
        poisoner.read_until(lambda: all(ack in poisoner.acks for ack in poison), time.time() + 30)
        assert all(writer.acks[ack]["ok"] for ack in normal)
        assert {poisoner.acks[ack]["error"]["code"] for ack in poison} == {"VALIDATION_FAILED"}
        page = stack.api("GET", "/api/conversations/%s/messages?limit=100" % conversation, "emil")
        assert [message["content"] for message in page["messages"]] == ["ok-%d" % n for n in range(100)]
        store_log = open(stack.store.log_path).read()
        assert "applying its commands one by one" not in store_log, "no batch failed in the database"
    finally:
        writer.close()
        poisoner.close()


def test_a_store_killed_under_load_loses_nothing_and_redis_keeps_no_acknowledged_commands(stack, gateway_a, gateway_b):
    """Two more stores that claim abandoned work quickly; one is SIGKILLed while sends flow. Every
    send is acked, every watcher gets every message once in seq order, and the commands stream is
    trimmed back to what is not yet acknowledged."""
    stores = []
    for name in ("store-k1", "store-k2"):
        port = free_port()
        process = stack.start(name, [os.path.join(BUILD, "messaging-store")], stack.common_env(port, name) | {
            "DATABASE_URL": "sqlite://" + os.path.join(stack.dir, "store.sqlite"), "CLAIM_IDLE_MS": "500",
        })
        stack.wait_ready(port, process)
        stores.append(process)
    try:
        conversation = stack.conversation("gus", "hana")
        watcher = RawSocket(gateway_b, "hana")
        watcher.join(conversation)
        writer = RawSocket(gateway_a, "gus")
        total = 400
        failures = []

        watching = watcher.watch(total, 90, failures)
        sent = [writer.emit("send-message", {"conversationId": conversation, "content": "k%d" % n}) for n in range(total)]
        writer.read_until(lambda: len([ack for ack in sent if ack in writer.acks]) >= total // 5, time.time() + 30)
        stores[0].stop(signal.SIGKILL)
        writer.read_until(lambda: all(ack in writer.acks for ack in sent), time.time() + 90)
        watching.join(timeout=100)
        assert not failures, failures
        assert all(writer.acks[ack]["ok"] for ack in sent), [writer.acks[ack] for ack in sent if not writer.acks[ack]["ok"]][:3]
        assert [message["seq"] for message in watcher.messages] == list(range(1, total + 1))
        assert len({message["id"] for message in watcher.messages}) == total
        # Unread counts right in the end: the fan-out's last count for the reader, and the store's.
        watcher.read_until(lambda: watcher.unread == total, time.time() + 20)
        listed = stack.api("GET", "/api/conversations", "hana")["conversations"]
        assert [c["unreadCount"] for c in listed if c["id"] == conversation] == [total]

        # Acknowledged commands leave Redis (the stores trim every 5 s); nothing pending is left.
        def trimmed():
            return int(stack.redis_cli("XLEN", stack.prefix + "commands") or 0) <= 1
        deadline = time.time() + 15
        while not trimmed():
            assert time.time() < deadline, "commands stream still holds %s entries" % stack.redis_cli("XLEN", stack.prefix + "commands").strip()
            time.sleep(0.2)
        watcher.close()
        writer.close()
    finally:
        for process in stores:
            process.stop()


def test_a_redis_restart_loses_nothing_acknowledged():
    """Redis as deployed (append-only) restarted while messages flow: senders retry what was refused
    (same clientMessageId), every message stored once, the watcher on the other gateway gets them
    all in seq order once its subscription is back."""
    durable = Stack(durable_redis=True)
    try:
        a, b = durable.gateway("gateway-r1"), durable.gateway("gateway-r2")
        conversation = durable.conversation("ines", "jon")
        watcher = RawSocket(b, "jon")
        watcher.join(conversation)
        writer = RawSocket(a, "ines")
        total = 120
        failures = []

        def send(n):
            """Until acknowledged: UNAVAILABLE is retryable, the clientMessageId keeps it stored once."""
            deadline = time.time() + 60
            while True:
                try:
                    ack = writer.emit("send-message", {"conversationId": conversation, "content": "r%d" % n, "clientMessageId": "r-%d" % n})
                    writer.read_until(lambda: ack in writer.acks, time.time() + 30)
                    reply = writer.acks[ack]
                except Exception as error:
                    reply = {"ok": False, "error": {"code": "UNAVAILABLE", "message": repr(error)}}
                if reply["ok"]:
                    return reply["message"]
                assert reply["error"]["code"] == "UNAVAILABLE" and time.time() < deadline, reply
                time.sleep(0.2)

        watching = watcher.watch(total, 90, failures)
        stored = [send(n) for n in range(total // 2)]
        durable.restart_redis()
        stored += [send(n) for n in range(total // 2, total)]
        watching.join(timeout=100)
        assert not failures, failures
        assert [message["seq"] for message in stored] == list(range(1, total + 1)), "each stored once, in order"
        assert [message["seq"] for message in watcher.messages] == list(range(1, total + 1))
        watcher.close()
        writer.close()
    finally:
        durable.close()


def test_a_gateway_refuses_commands_while_the_stores_are_too_far_behind():
    """Back-pressure instead of unbounded growth: with the only store frozen, a gateway queues up to
    its COMMAND_BACKLOG_LIMIT, then answers new sends UNAVAILABLE (retryable); once the store runs
    again everything queued is stored and answered, and new sends are accepted."""
    own = Stack()
    try:
        gateway = own.gateway("gateway-bp", COMMAND_BACKLOG_LIMIT=20, ACK_TIMEOUT_MS=60000)
        conversation = own.conversation("kai", "lea")
        writer = RawSocket(gateway, "kai")
        os.kill(own.store.pid, signal.SIGSTOP)  # the store is this test's own process
        try:
            queued = [writer.emit("send-message", {"conversationId": conversation, "content": "q%d" % n}) for n in range(40)]
            # Late sends until one is refused (the gateway reads the backlog once a second; the
            # first late ones are still queued and wait for the store).
            late = []
            refused = []
            writer.ws.settimeout(0.5)
            deadline = time.time() + 15
            while not refused:
                assert time.time() < deadline, "no send was refused"
                late.append(writer.emit("send-message", {"conversationId": conversation, "content": "late"}))
                try:
                    writer.read_until(lambda: any(ack in writer.acks for ack in late), time.time() + 0.5)
                except (AssertionError, websocket.WebSocketTimeoutException):
                    pass
                refused = [ack for ack in late if ack in writer.acks and not writer.acks[ack]["ok"]]
            writer.ws.settimeout(20)
            assert writer.acks[refused[0]]["error"]["code"] == "UNAVAILABLE"
            assert "behind" in writer.acks[refused[0]]["error"]["message"]
            queued += [ack for ack in late if ack not in refused]
        finally:
            os.kill(own.store.pid, signal.SIGCONT)
        writer.read_until(lambda: all(ack in writer.acks for ack in queued), time.time() + 30)
        assert all(writer.acks[ack]["ok"] for ack in queued)
        deadline = time.time() + 15
        while True:
            ack = writer.emit("send-message", {"conversationId": conversation, "content": "again"})
            writer.read_until(lambda: ack in writer.acks, time.time() + 10)
            if writer.acks[ack]["ok"]:
                break
            assert time.time() < deadline, writer.acks[ack]
            time.sleep(0.3)
        writer.close()
    finally:
        own.close()
