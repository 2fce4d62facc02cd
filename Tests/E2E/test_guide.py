"""The scenarios of the customer's guide (seed/websocket-messaging-guide.fr.md), end to end through
the nginx front of the running stack, with python-socketio clients as the frontend would be."""
import os
import re
import signal
import time
import urllib.request

import pytest

from clients import Client
from people import Person

ISO_MILLIS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture(scope="module")
def pair(stack):
    """The guide's two users (a client and a salon) and their conversation."""
    client = Person(stack, "CLIENT", firstName="Alice", lastName="Martin")
    salon = Person(stack, "SALON", salonName="Encre Noire")
    created = client.api("POST", "/api/conversations", json={"participantIds": [salon.id], "subject": "Projet dragon"})
    assert created.status_code == 201, created.text
    return client, salon, created.json()["conversation"]["id"]


def connect(stack, person, transports=("websocket", "polling"), reconnection=False):
    """io(BACK_URL + "/messaging", { auth: { token }, withCredentials: true, transports })."""
    return Client(stack.url, person.id, transports=transports, reconnection=reconnection, auth_token=person.socket_token())


def test_the_front_serves_the_page_and_a_bad_token_is_refused(stack):
    with urllib.request.urlopen(stack.url + "/", timeout=10) as page:
        assert b"InkStudio Messaging" in page.read()
    refused = Client(stack.url, "nobody", auth_token="not-a-jwt", connect=False)
    try:
        with pytest.raises(Exception):
            refused.connect()
        assert refused.next("connect_error") == {"message": "unauthorized", "data": {"code": "UNAUTHORIZED"}}
    finally:
        refused.close()


def test_two_users_chat_as_the_guide_says(stack, pair):
    client, salon, conversation = pair
    alice = connect(stack, client)
    shop = connect(stack, salon, transports=("polling", "websocket"))  # polling, upgraded, through nginx
    try:
        assert alice.next("unread-count-updated") == {"totalUnread": 0}
        assert shop.next("unread-count-updated") == {"totalUnread": 0}
        history = alice.join(conversation)
        assert history == {"conversationId": conversation, "messages": [], "hasMore": False}
        shop.join(conversation)

        # Alice starts typing; the salon sees it; after the client's 2 s pause it stops.
        alice.emit("user-typing", {"conversationId": conversation})
        assert shop.next("user-typing") == {"conversationId": conversation, "userId": client.id, "userName": "Alice Martin"}
        time.sleep(2)  # the frontend's own 2 s inactivity timer, reproduced
        alice.emit("user-stopped-typing", {"conversationId": conversation})
        assert shop.next("user-stopped-typing") == {"conversationId": conversation, "userId": client.id}
        alice.none("user-typing")  # never to the typer herself

        # Typing with no stop: the server ends it by itself after 5 s.
        started = time.monotonic()
        alice.emit("user-typing", {"conversationId": conversation})
        shop.next("user-typing")
        assert shop.next("user-stopped-typing", timeout=8) == {"conversationId": conversation, "userId": client.id}
        assert time.monotonic() - started >= 4.5

        # "Bonjour!": stored, acked with the stored message, broadcast to both.
        ack = alice.call("send-message", {"conversationId": conversation, "content": "Bonjour!", "clientMessageId": "guide-1"})
        assert ack["ok"] is True
        message = ack["message"]
        assert message["seq"] == 1 and message["content"] == "Bonjour!" and message["type"] == "USER"
        assert message["senderId"] == client.id and message["isRead"] is False and ISO_MILLIS.match(message["createdAt"])
        assert message["sender"]["id"] == client.id and message["sender"]["firstName"] == "Alice" and message["sender"]["role"] == "CLIENT"
        assert message["attachments"] == [] and message["clientMessageId"] == "guide-1"
        assert shop.next("new-message") == message
        assert alice.next("new-message") == message
        # The salon's unread count moves (the store's publish on `unread`, through its gateway).
        assert shop.next("unread-count-updated") == {"totalUnread": 1, "conversationId": conversation, "conversationUnread": 1}

        # The salon reads it: Alice sees "✓✓ Lu"; the salon's count goes back to 0.
        read = shop.call("mark-as-read", {"messageId": message["id"]})
        assert read["ok"] is True
        receipt = alice.next("message-read")
        assert receipt["messageId"] == message["id"] and receipt["conversationId"] == conversation
        assert receipt["readerId"] == salon.id and ISO_MILLIS.match(receipt["readAt"])
        counts = [shop.next("unread-count-updated")]
        while counts[-1]["totalUnread"] != 0:
            counts.append(shop.next("unread-count-updated"))

        # The REST history agrees (ConversationMessageDto).
        page = salon.api("GET", f"/api/conversations/{conversation}/messages?limit=20").json()
        assert [m["id"] for m in page["messages"]] == [message["id"]] and page["messages"][0]["isRead"] is True
    finally:
        alice.close()
        shop.close()


def test_a_system_message_posted_over_http_arrives_live(stack, pair):
    client, salon, conversation = pair
    alice = connect(stack, client)
    shop = connect(stack, salon)
    try:
        alice.join(conversation)
        shop.join(conversation)
        posted = client.http.post(
            stack.url + f"/api/conversations/{conversation}/messages", timeout=20,
            headers={"Authorization": "Bearer " + stack.service_key()},
            json={"content": "Rendez-vous confirmé le 12 décembre à 14 h", "type": "SYSTEM"})
        assert posted.status_code == 201, posted.text
        stored = posted.json()["message"]
        for socket_client in (alice, shop):
            live = socket_client.next("new-message")
            assert live["id"] == stored["id"] and live["type"] == "SYSTEM" and live["content"].startswith("Rendez-vous")
        # A user may not post SYSTEM messages.
        forged = client.api("POST", f"/api/conversations/{conversation}/messages", json={"content": "x", "type": "SYSTEM"})
        assert forged.status_code == 403
    finally:
        alice.close()
        shop.close()


def test_a_third_user_can_neither_join_nor_send_nor_read(stack, pair):
    client, _, conversation = pair
    intruder_person = Person(stack, "CLIENT", firstName="Eve")
    page = client.api("GET", f"/api/conversations/{conversation}/messages").json()
    message_id = page["messages"][0]["id"]
    eve = connect(stack, intruder_person)
    try:
        joined = eve.call("join-conversation", {"conversationId": conversation})
        assert joined["ok"] is False and joined["error"]["code"] == "NOT_FOUND"
        sent = eve.call("send-message", {"conversationId": conversation, "content": "coucou"})
        assert sent["ok"] is False and sent["error"]["code"] == "NOT_FOUND"
        read = eve.call("mark-as-read", {"messageId": message_id})
        assert read["ok"] is False and read["error"]["code"] == "NOT_FOUND"
        eve.none("conversation-history")
        assert intruder_person.api("GET", f"/api/conversations/{conversation}").status_code == 404
        assert intruder_person.api("GET", f"/api/conversations/{conversation}/messages").status_code == 404
        assert [m["id"] for m in client.api("GET", f"/api/conversations/{conversation}/messages").json()["messages"]] == \
            [m["id"] for m in page["messages"]], "nothing was added"
    finally:
        eve.close()


def gateway_holding_sockets(stack):
    """The gateway (gateway-1 or gateway-2) that nginx sent this machine's sockets to (ip_hash)."""
    for name, offset in (("gateway-1", 4), ("gateway-2", 5)):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{stack.port + offset}/metrics", timeout=5) as response:
                metrics = response.read().decode()
        except OSError:
            continue  # the killed one
        for line in metrics.splitlines():
            if line.startswith("gateway_sockets") and float(line.split()[-1]) > 0:
                return name
    raise AssertionError("no gateway holds a socket")


def test_a_gateway_killed_mid_conversation_loses_nothing(stack, pair):
    """Runs last (it leaves one gateway): SIGKILL on the gateway holding the sockets; the clients
    reconnect through nginx to the other one and, after joining again, have every message, none twice."""
    client, salon, conversation = pair
    alice = connect(stack, client, transports=("websocket",), reconnection=True)
    shop = connect(stack, salon, transports=("websocket",), reconnection=True)
    try:
        alice.join(conversation)
        shop.join(conversation)
        sent = [alice.call("send-message", {"conversationId": conversation, "content": f"avant {n}"})["message"]["id"] for n in range(3)]
        victim = gateway_holding_sockets(stack)
        for socket_client in (alice, shop):
            socket_client.drain("connect")
        os.kill(stack.pid(victim), signal.SIGKILL)
        for socket_client in (alice, shop):
            socket_client.next("disconnect", timeout=15)
        # While they are away, the salon's backend keeps the conversation going over HTTP.
        for n in range(2):
            answer = salon.api("POST", f"/api/conversations/{conversation}/messages", json={"content": f"pendant {n}", "clientMessageId": f"away-{n}"})
            assert answer.status_code == 201, answer.text
            sent.append(answer.json()["message"]["id"])
        for socket_client in (alice, shop):
            socket_client.next("connect", timeout=20)
        assert gateway_holding_sockets(stack) != victim
        sent.append(shop.call("send-message", {"conversationId": conversation, "content": "après"})["message"]["id"])
        history = alice.join(conversation)
        ids = [m["id"] for m in history["messages"]]
        seqs = [m["seq"] for m in history["messages"]]
        assert seqs == sorted(set(seqs)) and seqs == list(range(seqs[0], seqs[0] + len(seqs))), "in order, no gap, none twice"
        assert all(message_id in ids for message_id in sent)
    finally:
        alice.close()
        shop.close()
