"""The guide's future list with the official client's protocol (python-socketio): edits and
deletes reach every socket of the room on every gateway, and unread counts follow."""
import json
import time

import pytest

from clients import Client


def until_unread(client, conversation, count, timeout=10):
    """Reads unread-count-updated events until one says `count` for the conversation (they come
    from the notification fan-out, after the messages)."""
    while True:
        update = client.next("unread-count-updated", timeout=timeout)
        if update.get("conversationId") == conversation and update.get("conversationUnread") == count:
            return update


@pytest.mark.parametrize("transports", [("websocket",), ("polling",)])
def test_an_edit_and_a_delete_reach_the_room_on_both_gateways(stack, gateway_a, gateway_b, transports):
    salon_id = "salon-e-" + transports[0]
    conversation = stack.conversation("edith", salon_id)
    edith = Client(gateway_a, "edith", transports=transports)
    salon = Client(gateway_b, salon_id, transports=transports, salonName="Ink Lab", role="SALON")
    try:
        edith.join(conversation)
        salon.join(conversation)
        first = edith.call("send-message", {"conversationId": conversation, "content": "Bonjour"})["message"]
        second = edith.call("send-message", {"conversationId": conversation, "content": "Mardi 14h ?"})["message"]
        for client in (edith, salon):
            assert [client.next("new-message")["id"] for _ in range(2)] == [first["id"], second["id"]]
        until_unread(salon, conversation, 2)

        edited = edith.call("edit-message", {"messageId": first["id"], "content": "Bonjour Ink Lab"})
        assert edited["ok"] and edited["message"]["content"] == "Bonjour Ink Lab" and edited["message"]["editedAt"]
        for client in (edith, salon):
            update = client.next("message-updated")
            assert update["id"] == first["id"] and update["content"] == "Bonjour Ink Lab" and update["seq"] == first["seq"]
        refused = salon.call("edit-message", {"messageId": first["id"], "content": "pirate"})
        assert refused == {"ok": False, "error": {"code": "FORBIDDEN", "message": "only its sender may edit or delete a message"}}

        deleted = edith.call("delete-message", {"messageId": second["id"]})
        assert deleted["ok"] and deleted["messageId"] == second["id"] and deleted["conversationId"] == conversation and deleted["deletedAt"]
        for client in (edith, salon):
            assert client.next("message-deleted") == {"conversationId": conversation, "messageId": second["id"], "deletedAt": deleted["deletedAt"]}
        # The deleted message was unread by the salon: its badge drops by one.
        until_unread(salon, conversation, 1)

        # A fresh join shows the edit and the tombstone in place.
        history = Client(gateway_a, salon_id, transports=transports, salonName="Ink Lab", role="SALON")
        try:
            messages = history.join(conversation)["messages"]
            assert [(m["seq"], m["content"], bool(m.get("editedAt")), bool(m.get("deletedAt"))) for m in messages] == [
                (1, "Bonjour Ink Lab", True, False), (2, "", False, True)]
        finally:
            history.close()
        edith.none("message-updated")
        salon.none("message-deleted")
    finally:
        edith.close()
        salon.close()


def test_reactions_reach_the_room_on_both_gateways_and_the_history(stack, gateway_a, gateway_b):
    conversation = stack.conversation("rita", "salon-r")
    rita = Client(gateway_a, "rita")
    salon = Client(gateway_b, "salon-r", salonName="Ink Lab", role="SALON")
    try:
        rita.join(conversation)
        salon.join(conversation)
        message = rita.call("send-message", {"conversationId": conversation, "content": "Le croquis est prêt"})["message"]
        assert message["reactions"] == []
        added = salon.call("add-reaction", {"messageId": message["id"], "emoji": "🔥"})
        assert added == {"ok": True, "conversationId": conversation, "messageId": message["id"],
                         "reactions": [{"emoji": "🔥", "count": 1, "userIds": ["salon-r"]}]}
        for client in (rita, salon):
            assert client.next("reactions-updated")["reactions"] == added["reactions"]
        assert rita.call("add-reaction", {"messageId": message["id"], "emoji": "🔥"})["reactions"] == [
            {"emoji": "🔥", "count": 2, "userIds": ["salon-r", "rita"]}]
        refused = rita.call("add-reaction", {"messageId": message["id"], "emoji": "ok"})
        assert refused == {"ok": False, "error": {"code": "VALIDATION_FAILED", "message": "emoji must be one emoji"}}
        removed = salon.call("remove-reaction", {"messageId": message["id"], "emoji": "🔥"})
        assert removed["reactions"] == [{"emoji": "🔥", "count": 1, "userIds": ["rita"]}]
        later = Client(gateway_b, "salon-r", salonName="Ink Lab", role="SALON")
        try:
            assert later.join(conversation)["messages"][0]["reactions"] == removed["reactions"]
        finally:
            later.close()
    finally:
        rita.close()
        salon.close()


def test_on_the_wire_a_change_follows_the_message_it_changes(stack, gateway_a, gateway_b):
    """Packet by packet, as the official client reads them: the edit's room event comes after the
    new-message it edits, on the other gateway too, each a plain `42/messaging,["event",{…},offset]`."""
    from test_delivery import RawSocket
    conversation = stack.conversation("wira", "salon-w")
    writer = RawSocket(gateway_a, "wira")
    reader = RawSocket(gateway_b, "salon-w")
    try:
        writer.join(conversation)
        reader.join(conversation)
        sent = writer.emit("send-message", {"conversationId": conversation, "content": "v1"})
        writer.read_until(lambda: sent in writer.acks, time.time() + 10)
        message_id = writer.acks[sent]["message"]["id"]
        edit = writer.emit("edit-message", {"messageId": message_id, "content": "v2"})
        writer.read_until(lambda: edit in writer.acks, time.time() + 10)
        assert writer.acks[edit]["ok"] and writer.acks[edit]["message"]["content"] == "v2"
        react = writer.emit("add-reaction", {"messageId": message_id, "emoji": "👍"})
        writer.read_until(lambda: react in writer.acks, time.time() + 10)

        seen = []
        deadline = time.time() + 10
        while len(seen) < 3:
            assert time.time() < deadline, seen
            packet = reader.packet()
            if packet.startswith("42/messaging,"):
                event = json.loads(packet[len("42/messaging,"):])
                if event[0] in ("new-message", "message-updated", "reactions-updated"):
                    seen.append(event)
        assert [event[0] for event in seen] == ["new-message", "message-updated", "reactions-updated"]
        assert seen[1][1]["id"] == message_id and seen[1][1]["content"] == "v2" and seen[1][1]["editedAt"]
        assert seen[2][1] == {"conversationId": conversation, "messageId": message_id, "reactions": [{"emoji": "👍", "count": 1, "userIds": ["wira"]}]}
    finally:
        writer.close()
        reader.close()
