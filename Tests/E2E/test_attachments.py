"""Attachments through the front (nginx, the local stack), as the guide's frontend will do it:
upload with the cookie (FormData), then `send-message` naming the upload; the other participant
downloads it through the front, a stranger cannot."""
import os

from clients import Client
from people import Person

JPEG = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + os.urandom(3 * 1024 * 1024)  # larger than JSON bodies may be


def test_upload_send_and_download_through_the_front(stack):
    client = Person(stack, "CLIENT", firstName="Inès")
    salon = Person(stack, "SALON", salonName="Encre Fine")
    stranger = Person(stack, "CLIENT", firstName="Zoé")
    conversation = client.api("POST", "/api/conversations", json={"participantIds": [salon.id]}).json()["conversation"]["id"]
    origin = {"Origin": stack.url}
    # A cross-site form cannot upload with the cookie; the frontend (its own origin) can.
    forged = client.api("POST", "/api/attachments", files={"file": ("x.jpg", JPEG)}, headers={"Origin": "http://evil.example"})
    assert forged.status_code == 403, forged.text
    uploaded = client.api("POST", "/api/attachments", files={"file": ("épaule.jpg", JPEG, "image/jpeg")}, headers=origin)
    assert uploaded.status_code == 201, uploaded.text
    attachment = uploaded.json()["attachment"]
    assert attachment["fileName"] == "épaule.jpg" and attachment["mimeType"] == "image/jpeg" and attachment["fileSize"] == len(JPEG)

    sender = Client(stack.url, client.id, auth_token=client.socket_token())
    receiver = Client(stack.url, salon.id, auth_token=salon.socket_token())
    try:
        sender.join(conversation)
        receiver.join(conversation)
        ack = sender.call("send-message", {"conversationId": conversation, "content": "Ma photo", "attachments": [{"id": attachment["id"]}]})
        assert ack["ok"] and ack["message"]["attachments"] == [attachment], ack
        assert receiver.next("new-message")["attachments"] == [attachment]
    finally:
        sender.close()
        receiver.close()
    download = salon.api("GET", attachment["url"])
    assert download.status_code == 200 and download.content == JPEG
    assert download.headers["Content-Disposition"].startswith("attachment;") and download.headers["X-Content-Type-Options"] == "nosniff"
    assert stranger.api("GET", attachment["url"]).status_code == 404
