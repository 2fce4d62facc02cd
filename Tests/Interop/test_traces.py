"""Traces across the services (swift-otel, OTLP/HTTP): a message's path — the socket event on one
gateway, the store's commit through the commands stream, the fan-out's handling of its event, and
its delivery by each gateway over pub/sub — is one trace, each span the child of the one before,
received by a loopback OTLP receiver; an HTTP request's W3C traceparent is continued the same way."""
import os
import secrets
import urllib.request
import json

import pytest

from clients import Client
from otlp_receiver import OTLPReceiver
from stack import Stack, token


@pytest.fixture(scope="module")
def traced():
    receiver = OTLPReceiver()
    stack = Stack(env={"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url, "OTEL_TRACES_SAMPLER": "always_on", "OTEL_BSP_SCHEDULE_DELAY": "100"})
    try:
        yield stack, receiver, stack.gateway("traced-a"), stack.gateway("traced-b")
    finally:
        stack.close()
        receiver.close()


def test_a_message_is_one_trace_from_the_socket_to_every_delivery(traced):
    stack, receiver, gateway_a, gateway_b = traced
    conversation = stack.conversation("trace-ana", "trace-bo")
    ana, bo = Client(gateway_a, "trace-ana"), Client(gateway_b, "trace-bo")
    try:
        ana.join(conversation)
        bo.join(conversation)
        sent = ana.call("send-message", {"conversationId": conversation, "content": "suivi de bout en bout"})
        assert sent["ok"]
        bo.next("new-message")
    finally:
        ana.close()
        bo.close()

    def complete(spans):
        socket = [s for s in spans if s["name"] == "socket send-message" and s["service"] == "messaging-gateway"]
        return any(
            any(s["name"] == "store send-message" and s["trace"] == root["trace"] for s in spans)
            and any(s["name"] == "fanout message-created" and s["trace"] == root["trace"] for s in spans)
            and sum(s["name"] == "gateway deliver new-message" and s["trace"] == root["trace"] for s in spans) >= 2
            for root in socket)

    spans = receiver.wait_for(complete)
    root = next(s for s in spans if s["name"] == "socket send-message" and complete([s] + [t for t in spans if t is not s]))
    trace = [s for s in spans if s["trace"] == root["trace"]]
    store = next(s for s in trace if s["name"] == "store send-message")
    assert store["service"] == "messaging-store" and store["parent"] == root["id"], "the store continues the socket's span through the stream"
    fanout = next(s for s in trace if s["name"] == "fanout message-created")
    assert fanout["service"] == "messaging-fanout" and fanout["parent"] == store["id"], "the fan-out continues the store's span through the events"
    deliveries = [s for s in trace if s["name"] == "gateway deliver new-message"]
    assert {d["parent"] for d in deliveries} == {store["id"]} and len(deliveries) >= 2, "each gateway continues it through pub/sub"
    assert root["parent"] == "" and root["kind"] == 2 and store["kind"] == 5  # SERVER, CONSUMER


def test_an_http_request_continues_the_callers_trace(traced):
    stack, receiver, _, _ = traced
    conversation = stack.conversation("trace-http", "trace-other")
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    request = urllib.request.Request(
        f"{stack.store_url}/api/conversations/{conversation}/messages", method="POST", data=json.dumps({"content": "par HTTP"}).encode(),
        headers={"Authorization": "Bearer " + token("trace-http"), "Content-Type": "application/json", "traceparent": f"00-{trace_id}-{parent_id}-01"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
    # Each service exports on its own schedule: wait for both ends of the trace.
    spans = receiver.wait_for(lambda spans: any(s["trace"] == trace_id and s["name"] == "fanout message-created" for s in spans)
                              and any(s["trace"] == trace_id and s["parent"] == parent_id for s in spans))
    http = next(s for s in spans if s["trace"] == trace_id and s["service"] == "messaging-store" and s["parent"] == parent_id)
    fanout = next(s for s in spans if s["trace"] == trace_id and s["name"] == "fanout message-created")
    assert fanout["parent"] == http["id"]
