"""The try-out page in headless Chromium against the local stack: its user logs in, publishes a
WebCrypto device key, and in an end-to-end encrypted conversation exchanges messages with a device
written in Python (Tests/Interop/e2ee.py): each side reads what the other sealed; the server only
relays envelopes."""
import json

from chromium import Chromium
from clients import Client
from e2ee import Device
from people import Person
from push_service import Browser as PushBrowser, PushService


def test_the_page_encrypts_and_decrypts_with_webcrypto(stack):
    client = Person(stack, "CLIENT", firstName="Lina")
    salon = Person(stack, "SALON", salonName="Encre Fine")
    salon_device = Device("salon-tablet")
    assert salon.api("PUT", "/api/keys/devices/salon-tablet", json={"publicKey": salon_device.public_key}).status_code == 200
    created = client.api("POST", "/api/conversations", json={"participantIds": [salon.id], "encrypted": True})
    conversation = created.json()["conversation"]["id"]
    watcher = Client(stack.url, salon.id, auth_token=salon.socket_token())
    browser = Chromium()
    try:
        watcher.join(conversation)
        browser.open(stack.url + "/")
        browser.evaluate(f"""$("email").value = {json.dumps(client.email)}; $("password").value = "e2e-password-1234";
                             $("login").requestSubmit(); true""")
        browser.wait_for("""$("state").textContent.includes("end-to-end encrypted")""", what="connected to the encrypted conversation")
        # The page published its device key; the salon's device reads it from the directory.
        devices = salon.api("GET", f"/api/users/{client.id}/keys").json()["devices"]
        assert len(devices) == 1 and devices[0]["deviceId"].startswith("web-")
        page_key = devices[0]["publicKey"]

        browser.evaluate("""$("text").value = "Un dragon sur l'avant-bras ?"; $("send").requestSubmit(); true""")
        envelope = watcher.next("new-message", timeout=20)["content"]
        assert "dragon" not in envelope and json.loads(envelope)["from"] == devices[0]["deviceId"]
        assert salon_device.open(envelope, page_key) == "Un dragon sur l'avant-bras ?"
        browser.wait_for("""$("messages").textContent.includes("🔒 Un dragon sur l'avant-bras ?")""", what="the page reading its own message")

        reply = salon_device.seal("Oui, jeudi 15h", {devices[0]["deviceId"]: page_key, salon_device.id: salon_device.public_key})
        assert watcher.call("send-message", {"conversationId": conversation, "content": reply})["ok"]
        browser.wait_for("""$("messages").textContent.includes("🔒 Oui, jeudi 15h")""", what="the page decrypting the salon's reply")
    finally:
        browser.close()
        watcher.close()


def test_the_page_service_worker_shows_what_the_fanout_pushes(stack):
    """A real push, as the fan-out encrypted it for a subscription (decrypted by the loopback push
    service, as a browser's push service hands it to the browser), delivered to the service worker
    the page registers (sw.js): it shows one notification per conversation. (Chromium's own
    subscribe() needs Google's push service, which this machine cannot reach.)"""
    key = Person(stack, "CLIENT").api("GET", "/api/push/vapid-public-key").json()["publicKey"]
    service = PushService(key)
    browser = Chromium()
    try:
        client = Person(stack, "CLIENT", firstName="Noé")
        salon = Person(stack, "SALON", salonName="Atelier Nuit")
        subscription = PushBrowser(service, "page-salon")
        assert salon.api("POST", "/api/push/subscriptions", json=subscription.subscription()).status_code == 201
        conversation = client.api("POST", "/api/conversations", json={"participantIds": [salon.id]}).json()["conversation"]["id"]
        for text in ("Dispo jeudi ?", "Ou vendredi ?"):
            assert client.api("POST", f"/api/conversations/{conversation}/messages", json={"content": text}).status_code == 201
        payload = subscription.next(timeout=20)["payload"]

        browser.open(stack.url + "/")
        browser.send("Browser.grantPermissions", permissions=["notifications"], origin=stack.url)
        assert browser.evaluate("""navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready).then(() => true)""")
        browser.send("ServiceWorker.enable")
        updated = browser.event("ServiceWorker.workerRegistrationUpdated", lambda p: any(r["scopeURL"].startswith(stack.url) for r in p["registrations"]))
        registration = next(r for r in updated["registrations"] if r["scopeURL"].startswith(stack.url))["registrationId"]
        browser.evaluate("""window.shownMessage = new Promise((resolve) => navigator.serviceWorker.addEventListener("message", (e) => resolve(e.data))); true""")
        browser.send("ServiceWorker.deliverPushMessage", origin=stack.url + "/", registrationId=registration, data=json.dumps(payload))
        shown = """navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((n) => JSON.stringify(n.map((x) => [x.title, x.body, x.tag])))"""
        assert browser.evaluate("window.shownMessage") == {"type": "notification-shown", "conversationId": conversation}
        title = "Noé" + (f" (+{payload['messageCount'] - 1})" if payload["messageCount"] > 1 else "")
        assert json.loads(browser.evaluate(shown)) == [[title, payload["preview"], "conversation:" + conversation]]
    finally:
        browser.close()
        service.close()
