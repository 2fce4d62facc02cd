"""Headless Chromium driven over the DevTools protocol (websocket-client): the try-out page run by
a real browser engine, its WebCrypto included. Started on a free loopback port with a profile of
its own, stopped by its PID."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

from stack import free_port, wait_until


class Chromium:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="inkstudio-chromium-")
        self.port = free_port()
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        assert binary, "chromium is needed (deploy/install-deps.sh installs it)"
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
             f"--remote-debugging-port={self.port}", "--remote-debugging-address=127.0.0.1", f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._page_target, timeout=30, what="chromium's DevTools")
        self.ws = websocket.create_connection(self._page_target(), timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def _page_target(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=2) as response:
                pages = [t for t in json.loads(response.read()) if t["type"] == "page"]
                return pages[0]["webSocketDebuggerUrl"] if pages else None
        except OSError:
            return None

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]
            if "method" in message:
                self.events.append(message)

    def event(self, method, predicate=lambda params: True, timeout=20):
        """The first DevTools event `method` (already received, or coming) whose params match."""
        deadline = time.time() + timeout
        while True:
            for message in self.events:
                if message["method"] == method and predicate(message["params"]):
                    self.events.remove(message)
                    return message["params"]
            remaining = deadline - time.time()
            assert remaining > 0, f"no {method} event"
            self.ws.settimeout(remaining)
            try:
                message = json.loads(self.ws.recv())
            finally:
                self.ws.settimeout(30)
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def open(self, url):
        self.send("Page.navigate", url=url)
        wait_until(lambda: self.evaluate("document.readyState") == "complete", timeout=20, what="the page loaded")

    def wait_for(self, expression, timeout=20, what="the page"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.1)  # polling the page: it has no event to await from here
        raise AssertionError(f"timed out waiting for {what}: {expression}")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=15)
            shutil.rmtree(self.profile, ignore_errors=True)
