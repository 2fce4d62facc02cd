"""Desktop notifications through the front (nginx, the local stack): a browser subscribes with
the key the front serves, and is pushed to, encrypted and signed, when a message comes while its
user is away. The push service is the loopback one of Tests/Interop/push_service.py."""
from push_service import Browser, PushService
from people import Person


def test_a_subscription_made_through_the_front_receives_a_push(stack):
    key = Person(stack, "CLIENT").api("GET", "/api/push/vapid-public-key")
    assert key.status_code == 200, key.text
    service = PushService(key.json()["publicKey"])
    try:
        client = Person(stack, "CLIENT", firstName="Noé")
        salon = Person(stack, "SALON", salonName="Atelier Nuit")
        browser = Browser(service, "salon-laptop")
        subscribed = salon.api("POST", "/api/push/subscriptions", json=browser.subscription())
        assert subscribed.status_code == 201, subscribed.text
        conversation = client.api("POST", "/api/conversations", json={"participantIds": [salon.id]}).json()["conversation"]["id"]
        sent = client.api("POST", f"/api/conversations/{conversation}/messages", json={"content": "Dispo jeudi ?"})
        assert sent.status_code == 201, sent.text
        push = browser.next(timeout=20)["payload"]
        assert push["messageId"] == sent.json()["message"]["id"] and push["preview"] == "Dispo jeudi ?"
        assert push["sender"]["firstName"] == "Noé" and push["recipientId"] == salon.id
        assert salon.api("DELETE", "/api/push/subscriptions", json={"endpoint": browser.endpoint}).status_code == 204
        assert not service.problems, service.problems
    finally:
        service.close()
