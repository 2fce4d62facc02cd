"""The front's own limits (deploy/nginx): one client address flooding the APIs is answered 429 by
nginx before the services see it, and the front serves it again once the flood stops. (Runs last:
it uses up the address's allowance for a moment.)"""
import concurrent.futures
import time

import requests


def test_a_flood_from_one_address_is_held_at_the_front(stack):
    url = stack.url + "/api/conversations"
    with requests.Session() as session, concurrent.futures.ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(lambda _: session.get(url, timeout=10).status_code, range(200)))
    assert codes.count(401) >= 60, "the burst reaches the store, which asks for credentials"
    assert codes.count(429) > 0, f"nginx held part of the flood back: {sorted(set(codes))}"
    assert set(codes) <= {401, 429}
    # The allowance comes back at the configured rate.
    deadline = time.time() + 10
    while requests.get(url, timeout=10).status_code == 429:
        assert time.time() < deadline
        time.sleep(0.2)
