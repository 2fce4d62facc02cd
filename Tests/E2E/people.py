"""Users of the platform, as the frontend has them: registered and logged in through the front
(the access_token cookie), with the socket token from GET /api/messaging/token."""
import uuid

import requests


class Person:
    def __init__(self, stack, role, **profile):
        self.stack = stack
        self.http = requests.Session()
        self.email = f"{role.lower()}-{uuid.uuid4().hex[:8]}@e2e.inkstudio.test"
        body = {"email": self.email, "password": "e2e-password-1234", "role": role} | profile
        registered = self.http.post(stack.url + "/api/auth/register", json=body, timeout=20)
        assert registered.status_code == 201, registered.text
        self.user = registered.json()["user"]
        self.id = self.user["id"]
        login = self.http.post(stack.url + "/api/auth/login", json={"email": self.email, "password": "e2e-password-1234"}, timeout=20)
        assert login.status_code == 200 and "access_token" in self.http.cookies, login.text

    def socket_token(self):
        answer = self.http.get(self.stack.url + "/api/messaging/token", timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()["token"]

    def api(self, method, path, **kwargs):
        return self.http.request(method, self.stack.url + path, timeout=20, **kwargs)
