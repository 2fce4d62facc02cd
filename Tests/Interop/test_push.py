"""Desktop notifications by Web Push, end to end between real processes: a browser's subscription
goes to the store over HTTP, a message to its offline user goes through the commands stream, the
store and the notification fan-out, and arrives at a loopback push service that checks the VAPID
token with `cryptography` and decrypts the payload with `http_ece` (neither written here)."""
import json
import urllib.error
import urllib.request

import pytest

from clients import Client
from push_service import Browser, PushService
from stack import token


@pytest.fixture(scope="module")
def push_service(stack):
    service = PushService(stack.vapid_public)
    yield service
    service.close()
    assert not service.problems, service.problems


def call(stack, method, path, user=None, body=None):
    """(status, JSON body or None) of one store request."""
    headers = {"Content-Type": "application/json"}
    if user:
        headers["Authorization"] = "Bearer " + token(user)
    request = urllib.request.Request(stack.store_url + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read()
        return error.code, json.loads(text) if text else None


def subscriptions(stack, user):
    return stack.redis_cli("HKEYS", f"{stack.prefix}push:subscriptions:{user}").split()


def test_the_vapid_key_and_bad_subscriptions(stack, push_service):
    status, body = call(stack, "GET", "/api/push/vapid-public-key")
    assert status == 200 and body == {"publicKey": stack.vapid_public}
    browser = Browser(push_service, "checks")
    good = browser.subscription()
    assert call(stack, "POST", "/api/push/subscriptions", None, good)[0] == 401
    for bad, why in [
        (good | {"endpoint": "http://10.0.0.5:6379/"}, "not a known push service"),
        (good | {"endpoint": "https://evil.example/push"}, "not a known push service"),
        (good | {"keys": {"p256dh": "AAAA", "auth": good["keys"]["auth"]}}, "p256dh"),
        (good | {"keys": {"p256dh": good["keys"]["p256dh"], "auth": "c2hvcnQ"}}, "auth"),
        (good | {"expirationTime": 1000}, "expired"),
        ({"endpoint": browser.endpoint}, "keys"),
    ]:
        status, body = call(stack, "POST", "/api/push/subscriptions", "push-checker", bad)
        assert status == 400 and body["error"]["code"] == "VALIDATION_FAILED" and why in body["error"]["message"], (bad, body)
    assert subscriptions(stack, "push-checker") == []
    status, body = call(stack, "POST", "/api/push/subscriptions", "push-checker", good)
    assert status == 201 and body == {"endpoint": browser.endpoint}
    assert call(stack, "POST", "/api/push/subscriptions", "push-checker", good)[0] == 201, "subscribing again refreshes it"
    assert subscriptions(stack, "push-checker") == [browser.endpoint]
    assert call(stack, "DELETE", "/api/push/subscriptions", "push-checker", {"endpoint": browser.endpoint}) == (204, None)
    assert call(stack, "DELETE", "/api/push/subscriptions", "push-checker", {"endpoint": browser.endpoint}) == (204, None)
    assert subscriptions(stack, "push-checker") == []


def test_an_offline_user_is_pushed_to_each_browser_encrypted_and_signed(stack, push_service, gateway_a):
    laptop = Browser(push_service, "laptop")
    phone = Browser(push_service, "phone", behaviour="flaky")
    old = Browser(push_service, "old", behaviour="gone")
    for browser in (laptop, phone, old):
        assert call(stack, "POST", "/api/push/subscriptions", "push-salon", browser.subscription())[0] == 201
    conversation = stack.conversation("push-client", "push-salon")
    client = Client(gateway_a, "push-client")
    try:
        client.join(conversation)
        sent = client.call("send-message", {"conversationId": conversation, "content": "Bonjour, une place samedi ?"})["message"]
    finally:
        client.close()

    for browser in (laptop, phone):
        push = browser.next()
        payload = push["payload"]
        assert payload["type"] == "new-messages" and payload["messageId"] == sent["id"] and payload["conversationId"] == conversation
        assert payload["preview"] == "Bonjour, une place samedi ?" and payload["sender"]["firstName"] == "Push-client"
        assert payload["recipientId"] == "push-salon" and payload["unreadCount"] >= 1
        headers = {name.lower(): value for name, value in push["headers"].items()}
        assert headers["content-encoding"] == "aes128gcm" and headers["ttl"] == "600" and headers["urgency"] == "high"
        assert len(headers["topic"]) == 32
    assert phone.answers == 2, "the 503 was tried again"
    assert old.answers == 1 and old.received.empty()
    assert sorted(subscriptions(stack, "push-salon")) == sorted([laptop.endpoint, phone.endpoint]), "the gone subscription was forgotten"
    # Each attempt's time and outcome, for the dashboard.
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.fanout_port}/metrics", timeout=5) as response:
        metrics = response.read().decode()
    assert 'fanout_push_total{outcome="expired"}' in metrics and 'fanout_push_total{outcome="retried"}' in metrics
    attempts = [float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines() if line.startswith("fanout_push_duration_seconds_count")]
    assert attempts and attempts[0] >= 4


def test_a_user_online_gets_no_push(stack, push_service, gateway_a):
    desk = Browser(push_service, "desk")
    assert call(stack, "POST", "/api/push/subscriptions", "push-online", desk.subscription())[0] == 201
    conversation = stack.conversation("push-sender", "push-online")
    online = Client(gateway_a, "push-online")
    sender = Client(gateway_a, "push-sender")
    try:
        online.join(conversation)
        sender.join(conversation)
        sender.call("send-message", {"conversationId": conversation, "content": "tu es là ?"})
        assert online.next("new-message")["content"] == "tu es là ?"
        # Then a message for an offline user, after it: once that one is pushed, the first was decided.
        offline = Browser(push_service, "offline-after")
        assert call(stack, "POST", "/api/push/subscriptions", "push-away", offline.subscription())[0] == 201
        later = stack.conversation("push-sender", "push-away")
        sender.join(later)
        sender.call("send-message", {"conversationId": later, "content": "et toi ?"})
        assert offline.next()["payload"]["preview"] == "et toi ?"
        assert desk.received.empty() and desk.answers == 0
    finally:
        online.close()
        sender.close()
