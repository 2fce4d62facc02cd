"""A long run of the real stack (redis-server, store, fan-out, two gateways from this build) that
shows Redis memory stays flat: senders pipeline messages into conversations at a fixed rate for
SOAK_SECONDS while watchers read them, and every 5 s the run samples Redis `used_memory` and the
length of the `commands` and `events` streams. Bounded in time and count. Writes a Markdown table.

    python3 Tests/Soak/soak.py [seconds (120)] [messages per second (400)] [results path]
"""
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Interop"))
from stack import Stack  # noqa: E402
from test_delivery import RawSocket  # noqa: E402

seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 120
rate = int(sys.argv[2]) if len(sys.argv) > 2 else 400
results = sys.argv[3] if len(sys.argv) > 3 else None

stack = Stack(durable_redis=True)
samples = []
try:
    a, b = stack.gateway("soak-a"), stack.gateway("soak-b")
    conversations = [stack.conversation("s%d" % n, "w%d" % n) for n in range(10)]
    writers = [RawSocket(a if n % 2 else b, "s%d" % n) for n in range(10)]
    watchers = [RawSocket(b if n % 2 else a, "w%d" % n) for n in range(10)]
    for watcher, conversation in zip(watchers, conversations):
        watcher.join(conversation)
    stop = time.time() + seconds
    acked = [0]
    failures = []

    def write(writer, conversation, per_second):
        sent = 0
        start = time.time()
        while time.time() < stop:
            due = int((time.time() - start) * per_second)
            while sent < due:
                writer.emit("send-message", {"conversationId": conversation, "content": "soak %d" % sent})
                sent += 1
            writer.read_until(lambda: len(writer.acks) >= sent - per_second, time.time() + 30)
            time.sleep(0.05)
        writer.read_until(lambda: len(writer.acks) >= sent, time.time() + 60)
        acked[0] += sum(1 for reply in writer.acks.values() if reply["ok"])
        if any(not reply["ok"] for reply in writer.acks.values()):
            failures.append("refused sends")

    def watch(watcher):
        try:
            watcher.read_until(lambda: time.time() > stop + 10, time.time() + seconds + 90)
        except Exception as error:  # a quiet watcher times out reading: it stops there
            if time.time() < stop:
                failures.append("a watcher stopped: %r" % error)

    def redis_info():
        memory = stack.redis_cli("INFO", "memory")
        used = next(int(line.split(":")[1]) for line in memory.splitlines() if line.startswith("used_memory:"))
        commands = int(stack.redis_cli("XLEN", stack.prefix + "commands") or 0)
        events = int(stack.redis_cli("XLEN", stack.prefix + "events") or 0)
        return used, commands, events

    threads = [threading.Thread(target=write, args=(w, c, rate // len(writers))) for w, c in zip(writers, conversations)]
    threads += [threading.Thread(target=watch, args=(w,)) for w in watchers]
    for thread in threads:
        thread.start()
    begun = time.time()
    while time.time() < stop + 15:
        used, commands, events = redis_info()
        samples.append((round(time.time() - begun), used, commands, events))
        time.sleep(5)
    for thread in threads:
        thread.join(timeout=90)
    delivered = [len(w.messages) for w in watchers]
    in_order = all([m["seq"] for m in w.messages] == list(range(1, len(w.messages) + 1)) for w in watchers)
finally:
    stack.close()

first = samples[2][1] if len(samples) > 2 else samples[0][1]
peak = max(sample[1] for sample in samples[2:]) if len(samples) > 2 else first
lines = [
    "# Soak: Redis stays flat",
    "",
    "`python3 Tests/Soak/soak.py %d %d` (debug build, append-only Redis, one store, one fan-out, two gateways; %s)." % (
        seconds, rate, time.strftime("%Y-%m-%d")),
    "10 senders and 10 watchers on different gateways; %d messages acknowledged, the watchers got %d (%s)." % (
        acked[0], sum(delivered), "each conversation once, in seq order" if in_order else "NOT in order"),
    "",
    "| s | Redis used_memory (MB) | XLEN commands | XLEN events |",
    "| ---: | ---: | ---: | ---: |",
] + ["| %d | %.2f | %d | %d |" % (t, used / 1048576, commands, events) for t, used, commands, events in samples] + [
    "",
    "used_memory from 10 s on: %.2f MB at first, %.2f MB at its highest (%+.1f %%); the streams hold only what is not yet acknowledged." % (
        first / 1048576, peak / 1048576, 100.0 * (peak - first) / first),
]
text = "\n".join(lines) + "\n"
print(text)
if results:
    with open(results, "w") as f:
        f.write(text)
assert not failures, failures
