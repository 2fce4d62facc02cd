"""The guide's "future" list through the front (nginx, the local stack), as a frontend calls it
with its cookie: edit, delete, reactions, search, export and the changes of a conversation."""
import csv
import io

from clients import Client
from people import Person


def test_edit_delete_react_search_export_and_changes_through_the_front(stack):
    client = Person(stack, "CLIENT", firstName="Élise")
    salon = Person(stack, "SALON", salonName="Encre Fine")
    created = client.api("POST", "/api/conversations", json={"participantIds": [salon.id], "subject": "Projet pivoine"})
    assert created.status_code == 201, created.text
    conversation = created.json()["conversation"]["id"]
    watcher = Client(stack.url, salon.id, auth_token=salon.socket_token())
    try:
        watcher.join(conversation)
        path = f"/api/conversations/{conversation}"
        first = client.api("POST", path + "/messages", json={"content": "Une pivoine à l'épaule, ça vous tente ?"}).json()["message"]
        second = client.api("POST", path + "/messages", json={"content": "Ou un dragon"}).json()["message"]
        assert [watcher.next("new-message")["id"] for _ in range(2)] == [first["id"], second["id"]]
        before = client.api("GET", path + "/changes").json()
        assert before["version"] == "2.0" and [m["id"] for m in before["messages"]] == [first["id"], second["id"]]

        edited = client.api("PATCH", f"{path}/messages/{first['id']}", json={"content": "Une pivoine à l'épaule ?"})
        assert edited.status_code == 200 and edited.json()["message"]["editedAt"]
        assert watcher.next("message-updated")["content"] == "Une pivoine à l'épaule ?"
        assert watcher.call("add-reaction", {"messageId": first["id"], "emoji": "❤️"})["ok"]
        assert client.api("DELETE", f"{path}/messages/{second['id']}").status_code == 200
        assert watcher.next("message-deleted")["messageId"] == second["id"]

        changes = client.api("GET", path + "/changes", params={"since": before["version"]}).json()
        assert changes["version"] == "2.3" and {m["id"] for m in changes["messages"]} == {first["id"], second["id"]}

        found = salon.api("GET", "/api/messages/search", params={"q": "EPAULE pivoine"})
        assert found.status_code == 200, found.text
        assert [r["message"]["id"] for r in found.json()["results"]] == [first["id"]]
        assert "<mark>pivoine</mark>" in found.json()["results"][0]["highlight"]
        assert salon.api("GET", "/api/messages/search", params={"q": "dragon"}).json()["results"] == []

        exported = salon.api("GET", path + "/export", params={"format": "csv"})
        assert exported.status_code == 200 and exported.headers["Content-Disposition"].startswith("attachment;")
        rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert [(row["content"], bool(row["deletedAt"]), row["reactions"]) for row in rows] == [
            ("Une pivoine à l'épaule ?", False, "❤️ 1"), ("", True, "")]
    finally:
        watcher.close()
