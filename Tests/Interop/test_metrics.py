"""The latency histograms and backlog gauges a platform team watches, read from each service's
/metrics after real traffic (the dashboard and the alert rules in deploy/ use these names)."""
import re
import urllib.request

from clients import Client
from stack import wait_until


def scrape(url):
    with urllib.request.urlopen(url + "/metrics", timeout=5) as response:
        return response.read().decode()


def value(text, metric):
    """The sum of a metric's samples whose name and labels start with `metric`."""
    total = None
    for line in text.splitlines():
        if line.startswith(metric):
            total = (total or 0) + float(line.rsplit(" ", 1)[1])
    return total


def test_latencies_and_backlogs_are_measured(stack, gateway_a, gateway_b):
    conversation = stack.conversation("metrics-a", "metrics-b")
    sender, receiver = Client(gateway_a, "metrics-a"), Client(gateway_b, "metrics-b")
    try:
        sender.join(conversation)
        receiver.join(conversation)
        for index in range(5):
            assert sender.call("send-message", {"conversationId": conversation, "content": f"m{index}"})["ok"]
        for _ in range(5):
            receiver.next("new-message")
    finally:
        sender.close()
        receiver.close()
    gateway = scrape(gateway_a.url)
    # send → ack, per event, with buckets from a millisecond
    assert value(gateway, 'gateway_store_answer_seconds_count{event="send-message"}') >= 5
    assert 'gateway_store_answer_seconds_bucket{event="send-message",le="0.001"}' in gateway
    # store publish → this gateway
    assert value(scrape(gateway_b.url), "gateway_publish_delivery_seconds_count") >= 5
    store = scrape(stack.store_url)
    assert value(store, "store_command_latency_seconds_count") >= 5 and value(store, "store_commit_duration_seconds_count") >= 1
    # Backlogs, reported by each service's trimmer every 5 s.
    wait_until(lambda: 'stream_length{stream="commands"}' in scrape(stack.store_url), timeout=15, what="the commands stream's gauges")
    store = scrape(stack.store_url)
    assert value(store, 'stream_pending_entries{stream="commands",group="store"}') is not None
    assert value(store, 'stream_oldest_pending_age_seconds{stream="commands",group="store"}') is not None
    fanout_url = f"http://127.0.0.1:{stack.fanout_port}"
    wait_until(lambda: 'stream_length{stream="events"}' in scrape(fanout_url), timeout=15, what="the events stream's gauges")
    assert re.search(r'stream_unread_entries\{stream="events",group="fanout"\} \d', scrape(fanout_url))
