"""messaging-admin against the real processes: stream status, dead letters replayed to a browser,
signing-key rotation, a user's presence and a token revoked live, and a conversation's integrity
check finding a gap made in its database."""
import json
import os
import subprocess
import tempfile

from clients import Client
from push_service import Browser, PushService
from stack import BUILD, token


def admin(stack, *args, expect=0):
    result = subprocess.run(
        [os.path.join(BUILD, "messaging-admin"), *args], capture_output=True, text=True, timeout=60,
        env=os.environ | {"REDIS_URL": stack.redis_url, "REDIS_KEY_PREFIX": stack.prefix, "DATABASE_URL": "sqlite://" + os.path.join(stack.dir, "store.sqlite")})
    assert result.returncode == expect, (args, result.returncode, result.stdout, result.stderr)
    return result.stdout


def test_streams_report_their_groups(stack):
    stack.conversation("admin-a", "admin-b")
    streams = {s["stream"]: s for s in json.loads(admin(stack, "streams", "--json"))}
    assert [g["name"] for g in streams["commands"]["groups"]] == ["store"]
    assert "fanout" in [g["name"] for g in streams["events"]["groups"]]
    assert streams["commands"]["groups"][0]["consumers"][0]["name"] == "store-1"
    assert "commands:" in admin(stack, "streams")


def test_a_dead_letter_is_replayed_to_the_users_browser(stack):
    service = PushService(stack.vapid_public)
    try:
        browser = Browser(service, "admin-dl")
        assert stack.request("POST", "/api/push/subscriptions", "admin-dl-user", browser.subscription())[0] == 201
        notification = {"type": "new-messages", "id": "admin-dl-user:m-dead", "recipientId": "admin-dl-user", "conversationId": "c-dead",
                        "sender": {"id": "ana", "firstName": "Ana", "role": "CLIENT"}, "preview": "Vous êtes là ?", "messageId": "m-dead",
                        "messageCount": 1, "unreadCount": 1, "conversationUnread": 1, "createdAt": "2026-12-01T10:00:00.000Z"}
        entry = stack.redis_cli("XADD", stack.prefix + "notifications:dead", "*", "recipientId", "admin-dl-user", "attempts", "6",
                                "error", "HTTP 503", "notification", json.dumps(notification)).strip()
        listed = json.loads(admin(stack, "dead-letters", "list", "--json"))
        assert {"id": entry, "recipientId": "admin-dl-user", "attempts": 6, "error": "HTTP 503", "notificationId": "admin-dl-user:m-dead",
                "messageCount": 1} in listed
        assert json.loads(admin(stack, "dead-letters", "replay", "--id", entry, "--json")) == {"replayed": [entry]}
        assert browser.next()["payload"]["preview"] == "Vous êtes là ?"
        assert entry not in admin(stack, "dead-letters", "list")
    finally:
        service.close()
    assert not service.problems, service.problems


def test_the_signing_key_is_rotated_and_the_old_one_kept(stack):
    folder = tempfile.mkdtemp(prefix="inkstudio-keys-")
    key_file = os.path.join(folder, "auth-signing-key.pem")
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key_file], check=True, capture_output=True)
    with open(key_file) as f:
        before = f.read()
    outcome = json.loads(admin(stack, "keys", "rotate", "--key-file", key_file, "--json"))
    with open(key_file) as f:
        after = f.read()
    with open(outcome["retiredFile"]) as f:
        assert f.read().strip() == before.strip() or subprocess.run(
            ["openssl", "pkey", "-in", outcome["retiredFile"], "-noout"], capture_output=True).returncode == 0
    assert after != before and outcome["kid"] != outcome["retiredKid"]
    for path in (key_file, outcome["retiredFile"]):
        assert subprocess.run(["openssl", "pkey", "-in", path, "-noout"], capture_output=True).returncode == 0, path
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    admin(stack, "keys", "rotate", "--key-file", os.path.join(folder, "missing.pem"), expect=2)


def test_a_users_presence_and_a_token_revoked_live(stack, gateway_a):
    client = Client(gateway_a, "admin-live", auth_token=token("admin-live", jti="admin-jti-1"))
    try:
        answer = json.loads(admin(stack, "user", "sessions", "admin-live", "--json"))
        assert answer["online"] is True and answer["gateway"] == "gateway-a"
        admin(stack, "user", "revoke-token", "admin-jti-1", "--user", "admin-live", "--expires-in", "3600")
        assert client.events["disconnect"].get(timeout=10) is not None
        assert stack.request("GET", "/api/conversations", None, headers={"Authorization": "Bearer " + token("admin-live", jti="admin-jti-1")})[0] == 401
    finally:
        client.close()
    assert json.loads(admin(stack, "user", "sessions", "nobody-here", "--json"))["online"] is False


def test_a_conversation_check_finds_a_gap(stack):
    conversation = stack.conversation("admin-c", "admin-d")
    for text in ("un", "deux", "trois"):
        stack.api("POST", f"/api/conversations/{conversation}/messages", "admin-c", {"content": text})
    healthy = json.loads(admin(stack, "conversation", "check", conversation, "--json"))
    assert healthy["problems"] == [] and healthy["lastSeq"] == 3 and healthy["unread"] == {"admin-c": 0, "admin-d": 3}
    subprocess.run(["sqlite3", os.path.join(stack.dir, "store.sqlite"),
                    f"DELETE FROM messages WHERE conversation_id = '{conversation}' AND seq = 2"], check=True, timeout=30)
    broken = admin(stack, "conversation", "check", conversation, expect=1)
    assert "problem: missing seq 2" in broken
    admin(stack, "conversation", "check", "no-such-conversation", expect=2)


def test_every_token_of_a_user_is_revoked_at_once(stack, gateway_a, gateway_b):
    import time
    first = Client(gateway_a, "admin-all", auth_token=token("admin-all", jti="admin-all-1"))
    second = Client(gateway_b, "admin-all", auth_token=token("admin-all", jti="admin-all-2"))
    other = Client(gateway_a, "admin-bystander")
    try:
        answer = json.loads(admin(stack, "user", "revoke", "admin-all", "--token-lifetime", "3600", "--json"))
        for client in (first, second):
            assert client.events["disconnect"].get(timeout=10) is not None
        assert json.loads(admin(stack, "user", "sessions", "admin-all", "--json"))["tokensRevokedBefore"] == int(answer["revokedBefore"])
        old = token("admin-all", jti="admin-all-3", iat=int(answer["revokedBefore"]))
        assert stack.request("GET", "/api/conversations", None, headers={"Authorization": "Bearer " + old})[0] == 401
        fresh = token("admin-all", jti="admin-all-4", iat=int(answer["revokedBefore"]) + 1)
        assert stack.request("GET", "/api/conversations", None, headers={"Authorization": "Bearer " + fresh})[0] == 200
        assert other.call("join-conversation", {"conversationId": "none"})["error"]["code"] == "NOT_FOUND", "others keep their sockets"
    finally:
        for client in (first, second, other):
            client.close()
