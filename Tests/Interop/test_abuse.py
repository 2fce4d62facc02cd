"""Abuse resistance at the gateway (#20): what another site's page, or a client that floods, can
and cannot do — over real sockets, against the real gateway executables."""
import json
import queue
import socket
import time

import pytest
import requests
import websocket

from clients import NAMESPACE, Client
from stack import token


def raw_socket(gateway, origin=None, cookie=None):
    """A WebSocket-only Engine.IO session opened from this origin (none: not a browser) with this
    cookie; returns it after `open`."""
    url = gateway.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, timeout=10, origin=origin, suppress_origin=origin is None, cookie=cookie)
    opened = ws.recv()
    assert opened.startswith("0{"), opened
    return ws


def connect_answer(ws, auth=None):
    ws.send("40/messaging," + json.dumps(auth) if auth is not None else "40/messaging,")
    while True:
        packet = ws.recv()
        if packet.startswith("40/messaging") or packet.startswith("44/messaging"):
            return packet


def test_a_cookie_from_another_sites_page_opens_no_socket(limited_a):
    cookie = "access_token=" + token("cookie-victim")
    evil = raw_socket(limited_a, origin="http://evil.example", cookie=cookie)
    assert connect_answer(evil) == '44/messaging,{"message":"origin not allowed","data":{"code":"FORBIDDEN"}}'
    evil.close()

    # The frontend's own origin, and a client that sends no Origin (not a browser), still connect with it.
    allowed = raw_socket(limited_a, origin="http://localhost:3000", cookie=cookie)
    assert connect_answer(allowed).startswith('40/messaging,{"sid":"')
    allowed.close()
    headless = raw_socket(limited_a, cookie=cookie)
    assert connect_answer(headless).startswith('40/messaging,{"sid":"')
    headless.close()


def test_a_token_in_the_connect_payload_works_from_any_origin(limited_a):
    # A token the page had to read and send itself is no ambient credential: another origin (a
    # mobile shell, a partner site) may use it.
    other = raw_socket(limited_a, origin="http://partner.example")
    assert connect_answer(other, {"token": token("partner-user")}).startswith('40/messaging,{"sid":"')
    other.close()


def test_a_flood_of_sends_is_refused_rate_limited_and_harms_nobody(stack, limited_a, limited_b):
    conversation = stack.conversation("flooder", "flood-peer")
    flooder = Client(limited_a, "flooder")
    peer = Client(limited_b, "flood-peer")
    try:
        flooder.join(conversation)
        peer.join(conversation)
        answers = queue.Queue()
        for index in range(50):  # under the overall event burst (60): the send rate is what refuses
            flooder.sio.emit("send-message", {"conversationId": conversation, "content": f"flood {index}", "clientMessageId": f"flood-{index}"},
                             namespace=NAMESPACE, callback=answers.put)
        acks = [answers.get(timeout=15) for _ in range(50)]
        accepted = [ack for ack in acks if ack["ok"]]
        refused = [ack for ack in acks if not ack["ok"]]
        # The default burst is 20 sends per socket, then 5 a second.
        assert 20 <= len(accepted) < 40, len(accepted)
        assert refused and all(ack["error"]["code"] == "RATE_LIMITED" and ack["error"]["message"].startswith("too many messages: try again in ")
                               for ack in refused)
        # Exactly what was acked reaches the other member, once, in order.
        delivered = [peer.next("new-message")["content"] for _ in accepted]
        assert delivered == [ack["message"]["content"] for ack in accepted]
        assert peer.none("new-message", within=0.5)

        # The connection is still up, and another user's sends are not held back by the flood.
        assert peer.call("send-message", {"conversationId": conversation, "content": "still fine"})["ok"]
        flooder.drain("new-message")
        time.sleep(1)  # one token back (the bucket refills at 5 a second)
        assert flooder.call("send-message", {"conversationId": conversation, "content": "after a pause"})["ok"]
    finally:
        flooder.close()
        peer.close()


def test_typing_and_unknown_events_floods_get_error_events_without_an_ack(stack, limited_a):
    conversation = stack.conversation("typist", "typist-peer")
    typist = Client(limited_a, "typist")
    try:
        typist.join(conversation)
        for _ in range(30):
            typist.emit("user-typing", {"conversationId": conversation})
        errors = [typist.next("error") for _ in range(5)]
        assert all(error["code"] == "RATE_LIMITED" and error["event"] == "user-typing" for error in errors), errors
        assert typist.call("leave-conversation", {"conversationId": conversation})["ok"] is True
    finally:
        typist.close()


def test_no_socket_outlives_its_token(stack):
    gateway = stack.gateway("short-lived", TOKEN_EXPIRY_GRACE_MS=0)
    short = Client(gateway, "shortlived", auth_token=token("shortlived", ttl=2))
    lasting = Client(gateway, "shortlived")
    try:
        short.next("unread-count-updated")
        error = short.next("error", timeout=10)
        assert error == {"code": "TOKEN_EXPIRED", "message": "the token expired: connect again with a fresh one", "event": "connect"}
        assert short.next("disconnect", timeout=5) == "server disconnect"
        # The same user's socket with a valid token is untouched.
        assert lasting.call("leave-conversation", {"conversationId": "x"})["ok"]
        # An expired token cannot connect again; a fresh one can.
        with pytest.raises(Exception):
            Client(gateway, "shortlived", auth_token=token("shortlived", ttl=-60))
        Client(gateway, "shortlived").close()
    finally:
        short.close()
        lasting.close()
        gateway.stop()


def test_a_revocation_missed_on_pub_sub_still_closes_the_socket(stack):
    gateway = stack.gateway("rechecking", REVOCATION_RECHECK_MS=300)
    jti = "revoked-quietly-1"
    victim = Client(gateway, "quiet", auth_token=token("quiet", jti=jti))
    other = Client(gateway, "quiet")
    try:
        victim.next("unread-count-updated")
        # Listed as revoked, without the live publish (as if the subscriber was reconnecting).
        stack.redis_cli("SET", stack.prefix + "revoked:" + jti, "1", "EX", "3600")
        assert victim.next("disconnect", timeout=5) == "server disconnect"
        assert other.sio.connected and other.call("leave-conversation", {"conversationId": "x"})["ok"]
    finally:
        victim.close()
        other.close()
        gateway.stop()


def polling(gateway):
    return gateway.url + "/socket.io/?EIO=4&transport=polling"


def test_one_address_cannot_take_every_session(stack):
    gateway = stack.gateway("few-sessions", default_limits=True, MAX_SESSIONS_PER_IP=2, TRUSTED_PROXIES="127.0.0.1")
    try:
        sids = []
        for _ in range(2):
            opened = requests.get(polling(gateway), timeout=5)
            assert opened.status_code == 200
            sids.append(json.loads(opened.text[1:])["sid"])
        refused = requests.get(polling(gateway), timeout=5)
        assert (refused.status_code, refused.json()) == (403, {"code": 4, "message": "too many connections from this address"})
        with pytest.raises(websocket.WebSocketBadStatusException):
            websocket.create_connection(gateway.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=5)
        # Behind the trusted proxy, another client counts apart; a client cannot pick its own address
        # when the peer is not a trusted proxy (tested in the auth service's tests).
        assert requests.get(polling(gateway), headers={"X-Forwarded-For": "198.51.100.7"}, timeout=5).status_code == 200
        # A session that ends gives its place back.
        requests.post(polling(gateway) + "&sid=" + sids[0], data="1", timeout=5)
        deadline = time.time() + 5
        while requests.get(polling(gateway), timeout=5).status_code != 200:
            assert time.time() < deadline, "the closed session's place never came back"
            time.sleep(0.05)
    finally:
        gateway.stop()


def test_handshakes_are_rate_limited_per_address(stack):
    gateway = stack.gateway("slow-handshakes", default_limits=True, HANDSHAKE_RATE=1, HANDSHAKE_BURST=3)
    try:
        answers = [requests.get(polling(gateway), timeout=5) for _ in range(5)]
        assert [answer.status_code for answer in answers] == [200, 200, 200, 403, 403]
        assert answers[3].json()["message"].startswith("too many connection attempts from this address: try again in ")
    finally:
        gateway.stop()


def test_headers_that_never_finish_close_the_connection(stack):
    gateway = stack.gateway("impatient", HTTP_IDLE_TIMEOUT_MS=500)
    try:
        slow = socket.create_connection(("127.0.0.1", gateway.port), timeout=10)
        slow.sendall(b"GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.time()
        assert slow.recv(100) == b"", "the server closed the connection"
        assert time.time() - started < 5
        slow.close()
        # A complete request on a fresh connection is served as usual.
        assert requests.get(polling(gateway), timeout=5).status_code == 200
    finally:
        gateway.stop()
