"""Each service's OpenAPI 3.1 document, served at /openapi.json, is the one in deploy/openapi/, is
valid, and the running services keep to it: schemathesis (PyPI, nobody here wrote it) fuzzes the
store's and the auth service's APIs from their documents — no 5xx, every status, content type,
header and body as documented."""
import json
import os
import subprocess
import urllib.request

from openapi_spec_validator import validate
from people import Person

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVICES = {"auth": 1, "store": 2, "fanout": 3, "gateway": 4}
# test_guide.py kills one gateway (whichever held its sockets): either may be the one left.
OTHER_GATEWAY = 5
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"


def served(stack, name):
    offsets = [SERVICES[name]] + ([OTHER_GATEWAY] if name == "gateway" else [])
    for offset in offsets:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{stack.port + offset}/openapi.json", timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            if offset == offsets[-1]:
                raise


def test_every_service_serves_its_valid_document(stack):
    for name in SERVICES:
        document = served(stack, name)
        with open(os.path.join(ROOT, "deploy", "openapi", f"{name}.json")) as f:
            assert document == json.load(f), name
        validate(document)


def fuzz(stack, name, token, examples=20, cookie=None, exclude=()):
    base = f"http://127.0.0.1:{stack.port + SERVICES[name]}"
    result = subprocess.run(
        ["schemathesis", "run", base + "/openapi.json", "--url", base, "--checks", CHECKS, "--max-examples", str(examples),
         "--request-timeout", "15", "--generation-deterministic", "--no-color", "-H", f"Authorization: Bearer {token}",
         "--exclude-path", "/metrics"] + (["-H", f"Cookie: access_token={cookie}"] if cookie else [])
        + [argument for operation in exclude for argument in ("--exclude-operation-id", operation)],
        capture_output=True, text=True, timeout=900)
    print(result.stdout[-6000:])
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-3000:]
    return result.stdout


def test_the_store_keeps_to_its_document(stack):
    person = Person(stack, "CLIENT", firstName="Fuzz")
    output = fuzz(stack, "store", person.socket_token())
    assert "Tested: 20" in output and "Rate limited" not in output


def test_the_auth_service_keeps_to_its_document(stack):
    person = Person(stack, "CLIENT", firstName="Fuzz")
    # Not logout: it revokes the token every other request authenticates with (AuthFlowTests covers it).
    output = fuzz(stack, "auth", person.socket_token(), cookie=person.http.cookies["access_token"], exclude=["logout"])
    assert "Authentication failed" not in output
