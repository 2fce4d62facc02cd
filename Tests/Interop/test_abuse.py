"""Abuse resistance at the gateway (#20): what another site's page, or a client that floods, can
and cannot do — over real sockets, against the real gateway executables."""
import json

import websocket

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


def test_a_cookie_from_another_sites_page_opens_no_socket(gateway_a):
    cookie = "access_token=" + token("cookie-victim")
    evil = raw_socket(gateway_a, origin="http://evil.example", cookie=cookie)
    assert connect_answer(evil) == '44/messaging,{"message":"origin not allowed","data":{"code":"FORBIDDEN"}}'
    evil.close()

    # The frontend's own origin, and a client that sends no Origin (not a browser), still connect with it.
    allowed = raw_socket(gateway_a, origin="http://localhost:3000", cookie=cookie)
    assert connect_answer(allowed).startswith('40/messaging,{"sid":"')
    allowed.close()
    headless = raw_socket(gateway_a, cookie=cookie)
    assert connect_answer(headless).startswith('40/messaging,{"sid":"')
    headless.close()


def test_a_token_in_the_connect_payload_works_from_any_origin(gateway_a):
    # A token the page had to read and send itself is no ambient credential: another origin (a
    # mobile shell, a partner site) may use it.
    other = raw_socket(gateway_a, origin="http://partner.example")
    assert connect_answer(other, {"token": token("partner-user")}).startswith('40/messaging,{"sid":"')
    other.close()
