"""The gateway against python-socketio's client: every transport, authentication, acks, events,
binary packets and reconnection; two gateway instances sharing rooms through Redis."""
import time

import pytest
import socketio

from balancer import Balancer
from clients import NAMESPACE, Client
from stack import token

TRANSPORTS = [("websocket",), ("polling",), ("polling", "websocket")]


@pytest.mark.parametrize("transports", TRANSPORTS, ids=["websocket", "polling", "upgrade"])
def test_connect_with_a_token_gets_the_unread_count(gateway_a, transports):
    client = Client(gateway_a, "carol", transports=transports)
    try:
        assert client.next("unread-count-updated") == {"totalUnread": 0}
        assert client.sio.transport() == transports[-1]
        assert client.sio.get_sid(NAMESPACE)
    finally:
        client.close()


@pytest.mark.parametrize("transports", TRANSPORTS, ids=["websocket", "polling", "upgrade"])
@pytest.mark.parametrize("bad", ["garbage", "expired", "wrong-secret", "missing"])
def test_a_bad_token_is_refused_with_connect_error(gateway_a, transports, bad):
    auth = {"garbage": "not.a.jwt", "expired": token("carol", ttl=-120), "wrong-secret": token("carol", secret="x" * 40), "missing": ""}[bad]
    client = Client(gateway_a, "carol", transports=transports, auth_token=auth, connect=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect()
    assert client.next("connect_error") == {"message": "unauthorized", "data": {"code": "UNAUTHORIZED"}}
    client.close()


def test_another_namespace_is_refused(gateway_a):
    sio = socketio.Client(reconnection=False)
    errors = []
    sio.on("connect_error", lambda data: errors.append(data), namespace="/other")
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(gateway_a.url, namespaces=["/other"], transports=["websocket"], auth={"token": token("carol")}, wait_timeout=5)
    assert errors == [{"message": "Invalid namespace"}]
    sio.disconnect()


@pytest.mark.parametrize("transports", TRANSPORTS, ids=["websocket", "polling", "upgrade"])
def test_the_guide_scenario_across_two_gateways(stack, gateway_a, gateway_b, transports):
    """Alice on gateway A, the salon on gateway B: history, typing, a message, the read receipt."""
    conversation = stack.conversation("alice", "salon")
    alice = Client(gateway_a, "alice", transports=transports)
    salon = Client(gateway_b, "salon", transports=transports, salonName="Ink Lab", role="SALON")
    try:
        history = alice.join(conversation)
        assert history == {"conversationId": conversation, "messages": [], "hasMore": False}
        salon.join(conversation)

        assert alice.call("user-typing", {"conversationId": conversation})["ok"]
        typing = salon.next("user-typing")
        assert typing == {"conversationId": conversation, "userId": "alice", "userName": "Alice"}
        alice.none("user-typing")  # not echoed to the typer

        ack = alice.call("send-message", {"conversationId": conversation, "content": "  Bonjour!  ", "attachments": []})
        assert ack["ok"] and ack["message"]["content"] == "Bonjour!" and ack["message"]["seq"] == 1
        for client in (alice, salon):
            message = client.next("new-message")
            assert message["id"] == ack["message"]["id"]
            assert message["senderId"] == "alice" and message["isRead"] is False and message["type"] == "USER"
            assert message["sender"]["id"] == "alice"
        # Sending ends the typing state.
        assert salon.next("user-stopped-typing") == {"conversationId": conversation, "userId": "alice"}

        read = salon.call("mark-as-read", {"messageId": ack["message"]["id"]})
        assert read["ok"], read
        receipt = alice.next("message-read")
        assert receipt["messageId"] == ack["message"]["id"] and receipt["readerId"] == "salon" and receipt["readAt"]

        # Exactly once each: nothing further arrives.
        alice.none("new-message")
        salon.none("new-message")
    finally:
        alice.close()
        salon.close()


def test_each_broadcast_arrives_once_on_both_gateways_and_nowhere_else(stack, gateway_a, gateway_b):
    conversation = stack.conversation("dan", "erin")
    elsewhere = stack.conversation("frank", "dan")
    dan_a = Client(gateway_a, "dan")
    dan_b = Client(gateway_b, "dan")
    erin_b = Client(gateway_b, "erin", transports=("polling",))
    frank = Client(gateway_a, "frank")
    try:
        for client in (dan_a, dan_b, erin_b):
            client.join(conversation)
        frank.join(elsewhere)
        sent = [erin_b.call("send-message", {"conversationId": conversation, "content": f"m{i}", "clientMessageId": f"e-{i}"})["message"]["id"]
                for i in range(20)]
        for client in (dan_a, dan_b, erin_b):
            # (python-engineio hands each message to a thread of its own, so its order is not the
            # wire's: the wire order is checked with a raw client in test_wire.py.)
            received = [client.next("new-message")["id"] for _ in sent]
            assert sorted(received) == sorted(sent) and len(set(received)) == len(sent)
            client.none("new-message")
        frank.none("new-message", within=1)
        frank.none("user-typing", within=0.1)
    finally:
        for client in (dan_a, dan_b, erin_b, frank):
            client.close()


def test_typing_expires_after_five_seconds_without_a_refresh(stack, gateway_a, gateway_b):
    conversation = stack.conversation("gail", "hugo")
    gail = Client(gateway_a, "gail")
    hugo = Client(gateway_b, "hugo")
    try:
        gail.join(conversation)
        hugo.join(conversation)
        gail.emit("user-typing", {"conversationId": conversation})
        assert hugo.next("user-typing")["userId"] == "gail"
        started = time.time()
        assert hugo.next("user-stopped-typing", timeout=10) == {"conversationId": conversation, "userId": "gail"}
        elapsed = time.time() - started
        assert 4.0 <= elapsed <= 7.0, elapsed
    finally:
        gail.close()
        hugo.close()


def test_failures_are_acked_or_reported_with_the_error_event(stack, gateway_a):
    conversation = stack.conversation("ivan", "judy")
    ivan = Client(gateway_a, "ivan")
    outsider = Client(gateway_a, "mallory")
    try:
        ack = outsider.call("join-conversation", {"conversationId": conversation})
        assert ack == {"ok": False, "error": {"code": "NOT_FOUND", "message": "conversation not found"}}
        assert outsider.call("send-message", {"conversationId": conversation, "content": "hi"})["error"]["code"] == "NOT_FOUND"
        ivan.join(conversation)
        assert ivan.call("send-message", {"conversationId": conversation, "content": "   "})["error"]["code"] == "VALIDATION_FAILED"
        assert ivan.call("send-message", {"conversationId": 42})["error"]["code"] == "VALIDATION_FAILED"
        # Without an ack, the failure comes as an `error` event.
        ivan.emit("send-message", {"conversationId": conversation, "content": ""})
        error = ivan.next("error")
        assert error["code"] == "VALIDATION_FAILED" and error["message"]
        # Binary: the attachment is reassembled (the ack proves the packet was read whole), and
        # a binary where text is expected is refused.
        binary = ivan.call("send-message", {"conversationId": conversation, "content": b"\x00\x01\x02"})
        assert binary["ok"] is False and binary["error"]["code"] == "VALIDATION_FAILED"
        # The connection survived all of it.
        assert ivan.call("send-message", {"conversationId": conversation, "content": "still here"})["ok"]
    finally:
        ivan.close()
        outsider.close()


def test_a_command_the_store_never_answers_is_acked_unavailable_after_the_timeout(stack):
    # This gateway's commands go to a stream no store reads (another key prefix).
    lonely = stack.gateway("gateway-no-store", REDIS_KEY_PREFIX="nostore:", ACK_TIMEOUT_MS=600)
    client = Client(lonely, "nina")
    try:
        started = time.time()
        ack = client.call("join-conversation", {"conversationId": "c-anything"})
        waited = time.time() - started
        assert ack["ok"] is False and ack["error"]["code"] == "UNAVAILABLE"
        assert 0.5 <= waited < 5
        # Without an ack, the timeout comes as an `error` event.
        client.emit("send-message", {"conversationId": "c-anything", "content": "anyone?"})
        error = client.next("error")
        assert error["code"] == "UNAVAILABLE" and error["event"] == "send-message"
    finally:
        client.close()
        lonely.stop()


def test_the_same_client_message_id_stores_one_message_acked_twice(stack, gateway_a):
    conversation = stack.conversation("kate", "liam")
    kate = Client(gateway_a, "kate")
    try:
        kate.join(conversation)
        first = kate.call("send-message", {"conversationId": conversation, "content": "once", "clientMessageId": "k-1"})
        second = kate.call("send-message", {"conversationId": conversation, "content": "once", "clientMessageId": "k-1"})
        assert first["message"]["id"] == second["message"]["id"]
        kate.next("new-message")
        kate.none("new-message")
    finally:
        kate.close()


def test_a_revoked_token_disconnects_its_socket_at_once(stack, gateway_b):
    jti = "revoked-jti-1"
    victim = Client(gateway_b, "nina", auth_token=token("nina", jti=jti))
    other = Client(gateway_b, "nina")
    try:
        victim.next("unread-count-updated")
        header = '{"v":1,"event":"internal:token-revoked"}'
        body = '{"tokenId":"%s"}' % jti
        stack.redis_cli("PUBLISH", stack.prefix + "user:nina", header + "\n" + body)
        assert victim.next("disconnect", timeout=5) is not None
        assert other.sio.connected and other.call("leave-conversation", {"conversationId": "x"})["ok"]
    finally:
        victim.close()
        other.close()


def test_a_gateway_stopped_with_sigterm_closes_cleanly_and_clients_come_back(stack, gateway_b):
    """The client of a stopped gateway sees a transport close (not a server disconnect), reconnects
    when an instance serves that address again, re-joins, and gets every message it missed."""
    conversation = stack.conversation("omar", "pia")
    doomed = stack.gateway("gateway-doomed")
    omar = Client(doomed, "omar", reconnection=True)
    pia = Client(gateway_b, "pia")
    try:
        omar.join(conversation)
        pia.join(conversation)
        assert pia.call("send-message", {"conversationId": conversation, "content": "before"})["ok"]
        assert omar.next("new-message")["content"] == "before"
        omar.next("connect")

        assert doomed.stop() == 0, doomed.tail()
        reason = omar.next("disconnect", timeout=5)
        assert reason != "io server disconnect", reason
        missed = [pia.call("send-message", {"conversationId": conversation, "content": f"missed-{i}"})["message"]["id"] for i in range(3)]

        stack.gateway("gateway-doomed-2", port=doomed.port)
        omar.next("connect", timeout=15)
        history = omar.join(conversation)
        ids = [message["id"] for message in history["messages"]]
        assert ids[-3:] == missed and len(ids) == len(set(ids)) == 4
        assert [message["seq"] for message in history["messages"]] == [1, 2, 3, 4]
    finally:
        omar.close()
        pia.close()


def test_a_socket_gets_its_real_unread_total_on_connect_and_after_reading(stack, gateway_a, gateway_b):
    conversation = stack.conversation("rosa", "sam")
    rosa = Client(gateway_a, "rosa")
    try:
        rosa.join(conversation)
        for text in ("un", "deux"):
            assert rosa.call("send-message", {"conversationId": conversation, "content": text})["ok"]
        sam = Client(gateway_b, "sam", transports=("polling", "websocket"))
        try:
            assert sam.next("unread-count-updated") == {"totalUnread": 2}
            sam.join(conversation)
            read = sam.call("mark-conversation-as-read", {"conversationId": conversation})
            assert read["ok"] and len(read["messageIds"]) == 2 and read["totalUnread"] == 0
            # The counts come from the notification fan-out: the sends' (1, 2) may still be arriving.
            counts = [sam.next("unread-count-updated")]
            while counts[-1] != {"totalUnread": 0, "conversationId": conversation, "conversationUnread": 0}:
                assert counts[-1]["totalUnread"] in (1, 2), counts
                counts.append(sam.next("unread-count-updated"))
            receipts = {rosa.next("message-read")["messageId"] for _ in range(2)}
            assert receipts == set(read["messageIds"])
        finally:
            sam.close()
    finally:
        rosa.close()


def test_a_user_on_two_gateways_gets_each_new_count_on_both(stack, gateway_a, gateway_b):
    """The fan-out publishes counts on user:{id}: every socket of the user, on every gateway, gets
    them, joined to the conversation or not."""
    conversation = stack.conversation("uma", "tom")
    uma = Client(gateway_a, "uma")
    tom_a = Client(gateway_a, "tom")
    tom_b = Client(gateway_b, "tom", transports=("polling",))
    try:
        for client in (tom_a, tom_b):
            assert client.next("unread-count-updated") == {"totalUnread": 0}
        uma.join(conversation)
        sent = [uma.call("send-message", {"conversationId": conversation, "content": text}) for text in ("un", "deux")]
        assert all(answer["ok"] for answer in sent)
        final = {"totalUnread": 2, "conversationId": conversation, "conversationUnread": 2}
        for client in (tom_a, tom_b):
            counts = [client.next("unread-count-updated")]
            while counts[-1] != final:
                counts.append(client.next("unread-count-updated"))
            # (python-socketio hands events to threads: their order here is not the wire's.)
            assert {count["totalUnread"] for count in counts} <= {1, 2}
        tom_a.join(conversation)
        assert tom_a.call("mark-conversation-as-read", {"conversationId": conversation})["ok"]
        read = {"totalUnread": 0, "conversationId": conversation, "conversationUnread": 0}
        while tom_b.next("unread-count-updated") != read:
            pass
    finally:
        for client in (uma, tom_a, tom_b):
            client.close()


def test_clients_of_a_stopped_gateway_reconnect_to_the_other_instance(stack, gateway_b):
    """Behind a load balancer: SIGTERM on one instance, its clients come back on the other one and
    the history gives them what they missed, in order, none twice."""
    conversation = stack.conversation("tess", "ugo")
    first = stack.gateway("gateway-first")
    balancer = Balancer([first.port, gateway_b.port])
    tess = Client(balancer, "tess", reconnection=True)
    ugo = Client(gateway_b, "ugo")
    try:
        tess.next("connect")
        tess.join(conversation)
        ugo.join(conversation)
        assert ugo.call("send-message", {"conversationId": conversation, "content": "avant"})["ok"]
        assert tess.next("new-message")["content"] == "avant"

        assert first.stop() == 0, first.tail()
        assert tess.next("disconnect", timeout=5) != "io server disconnect"
        missed = ugo.call("send-message", {"conversationId": conversation, "content": "pendant"})["message"]["id"]
        tess.next("connect", timeout=15)  # through the balancer, now to gateway B
        history = tess.join(conversation)
        assert [m["content"] for m in history["messages"]] == ["avant", "pendant"]
        assert history["messages"][-1]["id"] == missed
        # Live again, on the other instance.
        assert ugo.call("send-message", {"conversationId": conversation, "content": "après"})["ok"]
        assert tess.next("new-message")["content"] == "après"
    finally:
        tess.close()
        ugo.close()
        balancer.close()


def test_presence_is_kept_while_connected_and_expires_after_the_grace_period(stack):
    gateway = stack.gateway("gateway-presence", PRESENCE_TTL_MS=900)
    key = stack.prefix + "presence:yann"
    client = Client(gateway, "yann")
    try:
        client.next("unread-count-updated")
        assert stack.redis_cli("GET", key).strip() == "gateway-presence"
        # Refreshed while the socket stays, across several lifetimes of the key.
        for _ in range(4):
            time.sleep(0.5)
            assert stack.redis_cli("EXISTS", key).strip() == "1"
            assert 0 < int(stack.redis_cli("PTTL", key)) <= 900
        client.close()
        # Gone once nobody refreshes it (no ghost), after the grace period, not at once.
        assert stack.redis_cli("EXISTS", key).strip() == "1"
        deadline = time.time() + 5
        while stack.redis_cli("EXISTS", key).strip() == "1" and time.time() < deadline:
            time.sleep(0.1)
        assert stack.redis_cli("EXISTS", key).strip() == "0"
    finally:
        client.close()
        assert gateway.stop() == 0
