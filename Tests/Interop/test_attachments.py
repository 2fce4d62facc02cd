"""Attachments between real processes: uploads to the store (raw and multipart), typed by their
content, named by id in a socket `send-message`, delivered across gateways, downloaded only by
those who may, and collected with their message; then the same against a real S3 API (moto on
loopback), read back with boto3."""
import json
import os
import subprocess
import urllib.parse
import uuid

import boto3
import pytest
import requests

from clients import Client
from stack import Stack, free_port, token, wait_until

PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + b"\x00\x00\x00\rIHDR" + os.urandom(200)
PDF = b"%PDF-1.7\n" + os.urandom(300)


def upload(stack, user, data, name=None, content_type="application/octet-stream"):
    path = "/api/attachments" + (f"?fileName={urllib.parse.quote(name)}" if name else "")
    status, _, body = stack.request("POST", path, user, data=data, headers={"Content-Type": content_type})
    return status, json.loads(body)


def test_uploads_are_typed_by_content_named_safely_and_bounded(stack):
    status, body = upload(stack, "att-alice", PNG, name="../../etc/tatouage<1>.png")
    assert status == 201, body
    attachment = body["attachment"]
    assert attachment["mimeType"] == "image/png" and attachment["fileSize"] == len(PNG) and attachment["fileName"] == "tatouage_1_.png"
    assert attachment["url"] == "/api/attachments/" + attachment["id"]
    # multipart/form-data, as a browser's FormData sends it.
    multipart = requests.post(stack.store_url + "/api/attachments", files={"file": ("devis.pdf", PDF, "application/pdf")},
                              headers={"Authorization": "Bearer " + token("att-alice")}, timeout=10)
    assert multipart.status_code == 201 and multipart.json()["attachment"]["fileName"] == "devis.pdf", multipart.text
    assert multipart.json()["attachment"]["mimeType"] == "application/pdf"
    # HTML named .png, an SVG, an empty file, a file too large, no token: refused, nothing stored.
    for data, expected in [(b"<html><script>alert(1)</script></html>", 400), (b"<svg xmlns='http://www.w3.org/2000/svg'/>", 400),
                           (b"", 400), (PNG + b"\x00" * 70_000, 413)]:
        status, body = upload(stack, "att-alice", data, name="photo.png", content_type="image/png")
        assert status == expected, body
    assert stack.request("POST", "/api/attachments", None, data=PNG)[0] == 401
    stored = [name for _, _, names in os.walk(stack.attachments_dir) for name in names]
    assert sorted(stored) == sorted([attachment["id"], multipart.json()["attachment"]["id"]])


def test_an_attachment_goes_with_its_message_and_only_participants_download_it(stack, gateway_a, gateway_b):
    conversation = stack.conversation("att-client", "att-salon")
    _, body = upload(stack, "att-client", PNG, name="flash.png")
    attachment = body["attachment"]
    # Before it is sent, only its uploader reads it.
    status, headers, data = stack.request("GET", attachment["url"], "att-client")
    assert status == 200 and data == PNG
    assert headers["Content-Type"] == "image/png" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith('attachment; filename="flash.png"') and "sandbox" in headers["Content-Security-Policy"]
    assert stack.request("GET", attachment["url"], "att-salon")[0] == 404

    client = Client(gateway_a, "att-client")
    salon = Client(gateway_b, "att-salon")
    try:
        client.join(conversation)
        salon.join(conversation)
        # Only an upload of the sender, not yet sent, by id: links, others' uploads and repeats are refused.
        _, other = upload(stack, "att-salon", PNG)
        for attachments in ([{"id": "x", "url": "https://evil.example/x.png", "fileName": "x.png", "fileSize": 1}],
                            [{"id": other["attachment"]["id"]}], [{"id": attachment["id"]}, {"id": attachment["id"]}]):
            refused = client.call("send-message", {"conversationId": conversation, "content": "", "attachments": attachments})
            assert not refused["ok"] and refused["error"]["code"] == "VALIDATION_FAILED", refused
        ack = client.call("send-message", {"conversationId": conversation, "content": "Le flash",
                                           "attachments": [{"id": attachment["id"], "url": "https://evil.example/"}]})
        assert ack["ok"] and ack["message"]["attachments"] == [attachment], ack
        delivered = salon.next("new-message")
        assert delivered["id"] == ack["message"]["id"] and delivered["attachments"] == [attachment]
        again = client.call("send-message", {"conversationId": conversation, "content": "encore", "attachments": [{"id": attachment["id"]}]})
        assert not again["ok"], "an upload goes with one message"
    finally:
        client.close()
        salon.close()
    # Participants download it; nobody else learns it exists.
    assert stack.request("GET", attachment["url"], "att-salon")[2] == PNG
    assert stack.request("GET", attachment["url"], "att-stranger")[0] == 404
    assert stack.request("GET", "/api/attachments/" + str(uuid.uuid4()), "att-salon")[0] == 404
    # History and the export carry it as a link.
    page = stack.api("GET", f"/api/conversations/{conversation}/messages", "att-salon")
    assert page["messages"][-1]["attachments"] == [attachment]
    status, _, csv_body = stack.request("GET", f"/api/conversations/{conversation}/export?format=csv", "att-salon")
    assert status == 200 and attachment["url"] in csv_body.decode("utf-8-sig")

    # Deleting the message takes its file: no download, and the file is collected.
    path = os.path.join(stack.attachments_dir, "attachments", attachment["id"])
    assert os.path.exists(path)
    assert stack.request("DELETE", f"/api/conversations/{conversation}/messages/{ack['message']['id']}", "att-client")[0] == 200
    assert stack.request("GET", attachment["url"], "att-salon")[0] == 404
    wait_until(lambda: not os.path.exists(path), timeout=10, what="the deleted message's file collected")


@pytest.fixture(scope="module")
def s3():
    """moto's S3 on loopback, with a bucket."""
    port = free_port()
    process = subprocess.Popen(["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-3", aws_access_key_id="interop", aws_secret_access_key="interop-secret")
    try:
        wait_until(lambda: requests.get(endpoint, timeout=1).status_code < 500, what="moto")
        client.create_bucket(Bucket="inkstudio-attachments", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        yield endpoint, client
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_attachments_in_an_s3_bucket(s3):
    endpoint, client = s3
    stack = Stack(store_env={"ATTACHMENT_STORAGE": "s3://inkstudio-attachments", "S3_ENDPOINT": endpoint, "S3_REGION": "eu-west-3",
                             "S3_ACCESS_KEY_ID": "interop", "S3_SECRET_ACCESS_KEY": "interop-secret", "ATTACHMENT_UNSENT_TTL_MS": "3000"})
    try:
        status, body = upload(stack, "s3-client", PDF, name="devis.pdf")
        assert status == 201, body
        attachment = body["attachment"]
        key = "attachments/" + attachment["id"]
        stored = client.get_object(Bucket="inkstudio-attachments", Key=key)
        assert stored["Body"].read() == PDF and stored["ContentType"] == "application/pdf"
        conversation = stack.conversation("s3-client", "s3-salon")
        sent = stack.api("POST", f"/api/conversations/{conversation}/messages", "s3-client", {"content": "", "attachments": [{"id": attachment["id"]}]})
        assert sent["message"]["attachments"] == [attachment]
        assert stack.request("GET", attachment["url"], "s3-salon")[2] == PDF
        assert stack.request("DELETE", f"/api/conversations/{conversation}/messages/{sent['message']['id']}", "s3-client")[0] == 200

        def gone(name):
            return client.list_objects_v2(Bucket="inkstudio-attachments", Prefix=name).get("KeyCount", 0) == 0
        wait_until(lambda: gone(key), timeout=10, what="the object removed from the bucket")
        # An upload no message names is collected after ATTACHMENT_UNSENT_TTL_MS (3 s here).
        _, unsent = upload(stack, "s3-client", PNG)
        unsent_key = "attachments/" + unsent["attachment"]["id"]
        assert not gone(unsent_key)
        wait_until(lambda: gone(unsent_key), timeout=15, what="the unsent upload collected")
        assert stack.request("GET", unsent["attachment"]["url"], "s3-client")[0] == 404
    finally:
        stack.close()
