"""The gateway's wire, packet by packet, as the official socket.io 4.8 server answers the same
exchanges (recorded against it: the expected literals below are its answers)."""
import json
import socket
import threading
import time

import pytest
import requests
import websocket

from clients import Client
from stack import token

ORIGIN = {"Origin": "http://localhost:3000"}


def polling(gateway):
    return gateway.url + "/socket.io/?EIO=4&transport=polling"


def packets(session, count):
    """Polls until `count` packets arrived (several may share one payload)."""
    received = []
    while len(received) < count:
        received += requests.get(session, timeout=10).text.split("\x1e")
    return received


def is_closed(ws):
    """Reads until the server closes the socket; `False` if it stays open past the timeout."""
    try:
        while ws.recv() != "":
            pass
        return True
    except (websocket.WebSocketConnectionClosedException, ConnectionResetError, BrokenPipeError):
        return True
    except websocket.WebSocketTimeoutException:
        return False


def handshake(gateway, **headers):
    response = requests.get(polling(gateway), headers=headers, timeout=5)
    assert response.status_code == 200
    assert response.text[0] == "0"
    return response, json.loads(response.text[1:])


def test_polling_handshake_connect_and_cors(gateway_a):
    response, opened = handshake(gateway_a, **ORIGIN)
    assert response.headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert set(opened) == {"sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"}
    assert (opened["upgrades"], opened["pingInterval"], opened["pingTimeout"], opened["maxPayload"]) == (["websocket"], 25000, 20000, 1000000)
    session = polling(gateway_a) + "&sid=" + opened["sid"]

    posted = requests.post(session, data='40/messaging,{"token":"nope"}', headers=ORIGIN, timeout=5)
    assert (posted.status_code, posted.text, posted.headers["Content-Type"]) == (200, "ok", "text/html")
    assert requests.get(session, timeout=5).text == '44/messaging,{"message":"unauthorized","data":{"code":"UNAUTHORIZED"}}'

    requests.post(session, data='40/messaging,{"token":"%s"}' % token("wire"), timeout=5)
    connected, unread = packets(session, 2)
    assert connected.startswith('40/messaging,{"sid":"') and connected.endswith('"}')
    assert unread == '42/messaging,["unread-count-updated",{"totalUnread":0}]'

    requests.post(session, data="40", timeout=5)
    assert requests.get(session, timeout=5).text == '44{"message":"Invalid namespace"}'

    # Several packets in one POST, one answer each in one payload, separated by \x1e.
    requests.post(session, data='42/messaging,1["leave-conversation",{"conversationId":"a"}]\x1e42/messaging,2["leave-conversation",{"conversationId":"b"}]', timeout=5)
    assert packets(session, 2) == ['43/messaging,1[{"ok":true}]', '43/messaging,2[{"ok":true}]']

    rejected = requests.get(polling(gateway_a), headers={"Origin": "http://evil.example"}, timeout=5)
    assert "Access-Control-Allow-Origin" not in rejected.headers

    preflight = requests.options(polling(gateway_a), headers={**ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}, timeout=5)
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type"
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,HEAD,PUT,PATCH,POST,DELETE"


@pytest.mark.parametrize("query, method, status, body", [
    ("EIO=3&transport=polling", "GET", 400, {"code": 5, "message": "Unsupported protocol version"}),
    ("EIO=4&transport=foo", "GET", 400, {"code": 0, "message": "Transport unknown"}),
    ("EIO=4&transport=polling&sid=unknown", "GET", 400, {"code": 1, "message": "Session ID unknown"}),
    ("EIO=4&transport=polling", "POST", 400, {"code": 2, "message": "Bad handshake method"}),
    ("EIO=4&transport=websocket", "GET", 400, {"code": 3, "message": "Bad request"}),
])
def test_the_protocols_error_answers(gateway_a, query, method, status, body):
    response = requests.request(method, gateway_a.url + "/socket.io/?" + query, timeout=5)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == body


def test_a_second_concurrent_poll_is_refused_and_closes_the_session(gateway_a):
    _, opened = handshake(gateway_a)
    session = polling(gateway_a) + "&sid=" + opened["sid"]
    first = {}
    waiting = threading.Thread(target=lambda: first.setdefault("response", requests.get(session, timeout=10)))
    waiting.start()
    time.sleep(0.3)
    assert requests.get(session, timeout=5).status_code == 400
    waiting.join(10)
    assert first["response"].text == "1"
    assert requests.get(session, timeout=5).json() == {"code": 1, "message": "Session ID unknown"}


def test_the_clients_close_packet_releases_the_pending_poll_with_a_noop(gateway_a):
    """engine.io's polling transport answers a pending GET with a noop when the client sends the
    close packet (not with the close packet), then the session is gone."""
    _, opened = handshake(gateway_a)
    session = polling(gateway_a) + "&sid=" + opened["sid"]
    pending = {}
    waiting = threading.Thread(target=lambda: pending.setdefault("response", requests.get(session, timeout=10)))
    waiting.start()
    time.sleep(0.3)
    posted = requests.post(session, data="1", timeout=5)
    assert (posted.status_code, posted.text) == (200, "ok")
    waiting.join(10)
    assert pending["response"].text == "6"
    assert requests.get(session, timeout=5).json() == {"code": 1, "message": "Session ID unknown"}


def test_upgrade_from_polling_releases_the_pending_poll_with_a_noop(gateway_a):
    _, opened = handshake(gateway_a)
    session = polling(gateway_a) + "&sid=" + opened["sid"]
    requests.post(session, data='40/messaging,{"token":"%s"}' % token("upgrader"), timeout=5)
    connected, unread = packets(session, 2)
    assert connected.startswith("40/messaging,") and unread.startswith('42/messaging,["unread-count-updated"')
    pending = {}
    waiting = threading.Thread(target=lambda: pending.setdefault("response", requests.get(session, timeout=10)))
    waiting.start()
    time.sleep(0.2)
    ws = websocket.create_connection(gateway_a.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket&sid=" + opened["sid"], timeout=5)
    ws.send("2probe")
    assert ws.recv() == "3probe"
    waiting.join(10)
    assert pending["response"].text == "6"
    ws.send("5")
    ws.send('42/messaging,3["leave-conversation",{"conversationId":"x"}]')
    assert ws.recv() == '43/messaging,3[{"ok":true}]'
    # The session left polling for good.
    assert requests.get(session, timeout=5).json() == {"code": 3, "message": "Bad request"}
    ws.close()


def test_a_websocket_session_connects_and_acks(gateway_a):
    ws = websocket.create_connection(gateway_a.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=5)
    opened = ws.recv()
    assert opened.startswith("0") and json.loads(opened[1:])["upgrades"] == []
    ws.send('40/messaging,{"token":"%s"}' % token("raw"))
    assert ws.recv().startswith('40/messaging,{"sid":"')
    assert json.loads(ws.recv()[len('42/messaging,'):]) == ["unread-count-updated", {"totalUnread": 0}]
    ws.send('42/messaging,7["mark-as-read",{}]')
    ack = ws.recv()
    assert ack.startswith("43/messaging,7[") and json.loads(ack[len("43/messaging,7"):])[0]["error"]["code"] == "VALIDATION_FAILED"
    ws.close()


@pytest.mark.parametrize("garbage", ["4garbage", "42/messaging,[", "9", '42/messaging,["connect"]', "51-/messaging,[\"x\"]\x00"])
def test_a_malformed_packet_closes_its_own_connection_and_nothing_else(stack, gateway_a, garbage):
    conversation = stack.conversation("quinn", "ruth")
    bystander = Client(gateway_a, "quinn")
    try:
        bystander.join(conversation)
        ws = websocket.create_connection(gateway_a.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=5)
        ws.recv()
        ws.send('40/messaging,{"token":"%s"}' % token("ruth"))
        ws.recv()
        ws.send(garbage)
        assert is_closed(ws)
        assert bystander.call("send-message", {"conversationId": conversation, "content": "unaffected"})["ok"]
        assert bystander.next("new-message")["content"] == "unaffected"
    finally:
        bystander.close()


def websocket_url(gateway, query="EIO=4&transport=websocket"):
    return gateway.url.replace("http", "ws") + "/socket.io/?" + query


def test_websocket_control_frames_and_fragments_are_answered_as_rfc_6455_says(gateway_a):
    ws = websocket.create_connection(websocket_url(gateway_a), timeout=5)
    assert ws.recv().startswith("0")
    ws.ping(b"are you there")
    opcode, frame = ws.recv_data_frame(control_frame=True)
    assert (opcode, frame.data) == (websocket.ABNF.OPCODE_PONG, b"are you there")
    # A CONNECT split over three frames is one Engine.IO packet.
    connect = '40/messaging,{"token":"%s"}' % token("fragments")
    third = len(connect) // 3
    ws.send_frame(websocket.ABNF.create_frame(connect[:third], websocket.ABNF.OPCODE_TEXT, fin=0))
    ws.send_frame(websocket.ABNF.create_frame(connect[third:2 * third], websocket.ABNF.OPCODE_CONT, fin=0))
    ws.send_frame(websocket.ABNF.create_frame(connect[2 * third:], websocket.ABNF.OPCODE_CONT, fin=1))
    assert ws.recv().startswith('40/messaging,{"sid":"')
    # The client closes: the server answers with the same code, then closes the connection.
    ws.send_close(status=4001)
    while True:
        opcode, frame = ws.recv_data_frame(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            break
    assert int.from_bytes(frame.data[:2], "big") == 4001
    ws.shutdown()


def test_a_websocket_frame_over_max_payload_closes_the_connection(gateway_a):
    ws = websocket.create_connection(websocket_url(gateway_a), timeout=5)
    ws.recv()
    # An event of a namespace it never joined is ignored: just under the limit, the socket stays.
    ws.send('42/elsewhere,["big","%s"]' % ("x" * 900000))
    ws.send('40/messaging,{"token":"%s"}' % token("big"))
    assert ws.recv().startswith('40/messaging,{"sid":"')
    try:
        ws.send('42/elsewhere,["big","%s"]' % ("x" * 1000000))
    except (ConnectionResetError, BrokenPipeError):
        return  # closed while the frame was still being written
    assert is_closed(ws)


def raw_upgrade(gateway, query):
    """Sends a WebSocket upgrade request by hand; returns the raw HTTP answer."""
    host, port = gateway.url[len("http://"):].split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall((f"GET /socket.io/?{query} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
    return answer.decode()


@pytest.mark.parametrize("query, message", [
    ("EIO=4&transport=websocket&sid=nobody", "Session ID unknown"),
    ("EIO=3&transport=websocket", "Unsupported protocol version"),
])
def test_a_refused_websocket_upgrade_gets_engine_ios_answer_and_is_closed(gateway_a, query, message):
    answer = raw_upgrade(gateway_a, query)
    head, body = answer.split("\r\n\r\n", 1)
    assert head.startswith("HTTP/1.1 400") and "content-type: text/html" in head.lower()
    assert body == message


def test_a_polling_session_cannot_be_upgraded_twice(gateway_a):
    _, opened = handshake(gateway_a)
    query = "EIO=4&transport=websocket&sid=" + opened["sid"]
    ws = websocket.create_connection(websocket_url(gateway_a, query), timeout=5)
    ws.send("2probe")
    assert ws.recv() == "3probe"
    ws.send("5")
    answer = raw_upgrade(gateway_a, query)
    assert answer.startswith("HTTP/1.1 400") and answer.endswith("Bad request")
    ws.close()


def test_a_polling_body_over_max_payload_is_refused(gateway_a):
    _, opened = handshake(gateway_a)
    session = polling(gateway_a) + "&sid=" + opened["sid"]
    assert requests.post(session, data="4" + "x" * 1_000_001, timeout=10).status_code == 413


def test_heartbeat_pings_and_closes_a_silent_session(stack):
    quick = stack.gateway("gateway-heartbeat", PING_INTERVAL_MS=300, PING_TIMEOUT_MS=400)
    try:
        ws = websocket.create_connection(quick.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=5)
        opened = json.loads(ws.recv()[1:])
        assert (opened["pingInterval"], opened["pingTimeout"]) == (300, 400)
        started = time.time()
        assert ws.recv() == "2"
        ws.send("3")
        assert ws.recv() == "2"  # pinged again after the pong
        # No pong this time: closed after the timeout (a close frame, then the end of the socket).
        assert is_closed(ws)
        assert time.time() - started < 3
        # A real client answers pings and stays connected across many intervals.
        client = Client(quick, "steady")
        time.sleep(2)
        assert client.sio.connected
        client.close()
    finally:
        assert quick.stop() == 0


def test_a_client_that_half_closes_its_socket_is_disconnected_at_once(gateway_a):
    """A FIN without a close frame (a killed browser process, a client that ends its output): the
    official server ends the session on the socket's end; so does ours, not at the next ping."""
    ws = raw_socket(gateway_a, "half-closer")
    ws.settimeout(5)
    started = time.time()
    ws.sock.shutdown(socket.SHUT_WR)
    assert is_closed(ws)
    assert time.time() - started < 3


def raw_socket(gateway, user, conversation=None):
    """A synchronous WebSocket client speaking Socket.IO by hand: what it reads is in wire order."""
    ws = websocket.create_connection(gateway.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=10)
    ws.recv()
    ws.send('40/messaging,{"token":"%s"}' % token(user))
    assert ws.recv().startswith("40/messaging,")
    if conversation:
        ws.send('42/messaging,1["join-conversation",{"conversationId":"%s"}]' % conversation)
        while not ws.recv().startswith("43/messaging,1"):
            pass
    return ws


def next_new_message(ws):
    while True:
        text = ws.recv()
        if text == "2":
            ws.send("3")
        elif text.startswith('42/messaging,["new-message",'):
            return json.loads(text[len("42/messaging,"):])[1]


def test_a_socket_that_stops_reading_is_closed_and_the_others_keep_their_messages(stack, gateway_a):
    """A slow consumer costs the gateway at most MAX_UNREAD_BYTES (4 MiB) before it is closed (it
    reconnects and catches up from the history); the room's other sockets get every message, in order."""
    conversation = stack.conversation("vera", "walt")
    reader = raw_socket(gateway_a, "vera", conversation)
    silent = raw_socket(gateway_a, "walt", conversation)
    try:
        filler = "x" * 16_000
        envelopes = []
        for seq in range(1, 1201):  # about 19 MB for the socket that never reads
            body = json.dumps({"id": f"flood-{seq}", "conversationId": conversation, "seq": seq, "content": filler, "senderId": "bench",
                               "type": "USER", "isRead": False, "createdAt": "2026-01-01T00:00:00.000Z", "attachments": [],
                               "sender": {"id": "bench", "role": "CLIENT"}})
            envelopes.append(json.dumps({"v": 1, "event": "new-message", "origin": "test", "seq": seq}) + "\n" + body)
        received = []
        for start in range(0, len(envelopes), 40):  # paced, so the reading socket keeps up
            stack.publish_many("room:" + conversation, envelopes[start:start + 40])
            received += [next_new_message(reader)["seq"] for _ in envelopes[start:start + 40]]
        assert received == list(range(1, 1201))
        # The silent socket was closed: draining what the kernel still holds ends at its close.
        assert is_closed(silent)
    finally:
        reader.close()
        silent.close()
