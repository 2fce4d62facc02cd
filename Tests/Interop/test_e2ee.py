"""End-to-end encryption between real processes: device keys through the directory, an encrypted
conversation whose messages are envelopes the store relays without reading (the database never
holds the text), and search, export and push that say "encrypted message"."""
import glob
import json
import os

from clients import Client
from e2ee import Device
from push_service import Browser, PushService

SECRET_TEXT = "Rendez-vous samedi 14h, code porte 4821"


def test_the_device_key_directory(stack):
    device = Device("k-laptop")
    assert stack.request("PUT", "/api/keys/devices/k-laptop", "keys-ana", {"publicKey": "AAAA"})[0] == 400
    assert stack.request("PUT", "/api/keys/devices/k-laptop", None, {"publicKey": device.public_key})[0] == 401
    status, _, body = stack.request("PUT", "/api/keys/devices/k-laptop", "keys-ana", {"publicKey": device.public_key})
    assert status == 200 and json.loads(body)["device"]["publicKey"] == device.public_key
    mine = json.loads(stack.request("GET", "/api/users/keys-ana/keys", "keys-ana")[2])
    assert [d["deviceId"] for d in mine["devices"]] == ["k-laptop"]
    assert stack.request("GET", "/api/users/keys-ana/keys", "keys-stranger")[0] == 404, "only those who share a conversation"
    stack.conversation("keys-ana", "keys-bo")
    theirs = json.loads(stack.request("GET", "/api/users/keys-ana/keys", "keys-bo")[2])
    assert theirs["devices"][0]["publicKey"] == device.public_key
    assert stack.request("DELETE", "/api/keys/devices/k-laptop", "keys-ana")[0] == 204
    assert json.loads(stack.request("GET", "/api/users/keys-ana/keys", "keys-bo")[2])["devices"] == []
    for index in range(20):
        assert stack.request("PUT", f"/api/keys/devices/d{index}", "keys-many", {"publicKey": Device("x").public_key})[0] == 200
    assert stack.request("PUT", "/api/keys/devices/d20", "keys-many", {"publicKey": device.public_key})[0] == 400


def test_an_encrypted_conversation_relays_envelopes_it_cannot_read(stack, gateway_a, gateway_b):
    ana_phone, bo_laptop, bo_phone = Device("ana-phone"), Device("bo-laptop"), Device("bo-phone")
    for user, device in (("e2e-ana", ana_phone), ("e2e-bo", bo_laptop), ("e2e-bo", bo_phone)):
        assert stack.request("PUT", f"/api/keys/devices/{device.id}", user, {"publicKey": device.public_key})[0] == 200
    created = stack.api("POST", "/api/conversations", "e2e-ana", {"participantIds": ["e2e-bo"], "encrypted": True})["conversation"]
    assert created["encrypted"] is True
    conversation = created["id"]
    plain = stack.api("POST", "/api/conversations", "e2e-ana", {"participantIds": ["e2e-bo"]})["conversation"]
    assert "encrypted" not in plain

    # Bo is away: his browser gets a push that says only "encrypted message".
    service = PushService(stack.vapid_public)
    browser = Browser(service, "bo-browser")
    assert stack.request("POST", "/api/push/subscriptions", "e2e-bo", browser.subscription())[0] == 201
    # Ana's device reads Bo's keys (and her own, for her other devices) and seals for each.
    devices = {d["deviceId"]: d["publicKey"] for user in ("e2e-bo", "e2e-ana")
               for d in json.loads(stack.request("GET", f"/api/users/{user}/keys", "e2e-ana")[2])["devices"]}
    assert set(devices) == {"ana-phone", "bo-laptop", "bo-phone"}
    ana = Client(gateway_a, "e2e-ana")
    try:
        ana.join(conversation)
        for refused in ({"content": SECRET_TEXT}, {"content": '{"v":1,"ciphertexts":{},"text":"x"}'},
                        {"content": ana_phone.seal(SECRET_TEXT, devices), "attachments": [{"id": "some-upload"}]}):
            answer = ana.call("send-message", {"conversationId": conversation} | refused)
            assert not answer["ok"] and answer["error"]["code"] == "VALIDATION_FAILED", answer
        envelope = ana_phone.seal(SECRET_TEXT, devices)
        first = ana.call("send-message", {"conversationId": conversation, "content": envelope})
        assert first["ok"] and first["message"]["content"] == envelope
        push = browser.next()["payload"]
        assert push["preview"] == "encrypted message" and push["messageId"] == first["message"]["id"]

        bo = Client(gateway_b, "e2e-bo")
        try:
            history = bo.join(conversation)
            stored = history["messages"][-1]["content"]
            assert bo_laptop.open(stored, devices["ana-phone"]) == SECRET_TEXT
            second = ana_phone.seal("Parfait, à samedi", devices)
            assert ana.call("send-message", {"conversationId": conversation, "content": second})["ok"]
            live = bo.next("new-message")["content"]
            assert bo_phone.open(live, devices["ana-phone"]) == "Parfait, à samedi"
            # An edit is an envelope too.
            edited = ana.call("edit-message", {"messageId": first["message"]["id"], "content": "plain text"})
            assert not edited["ok"] and edited["error"]["code"] == "VALIDATION_FAILED"
        finally:
            bo.close()
    finally:
        ana.close()
        service.close()
    assert not service.problems, service.problems

    # Search finds nothing in it (neither the text nor the envelope); the export says what it is.
    for words in ("samedi", "ciphertexts", "ana"):
        results = stack.api("GET", f"/api/messages/search?q={words}&conversationId={conversation}", "e2e-bo")["results"]
        assert results == [], (words, results)
    exported = json.loads(stack.request("GET", f"/api/conversations/{conversation}/export?format=json", "e2e-bo")[2])
    assert [m["content"] for m in exported["messages"]] == ["encrypted message", "encrypted message"]
    # The database never held the text.
    for path in glob.glob(os.path.join(stack.dir, "store.sqlite*")):
        with open(path, "rb") as f:
            assert SECRET_TEXT.encode() not in f.read(), path
