import pytest

from stack import Stack


@pytest.fixture(scope="session")
def stack():
    stack = Stack()
    yield stack
    stack.close()


@pytest.fixture(scope="session")
def gateway_a(stack):
    return stack.gateway("gateway-a")


@pytest.fixture(scope="session")
def gateway_b(stack):
    return stack.gateway("gateway-b")


@pytest.fixture(scope="session")
def limited_a(stack):
    """A gateway with the default limits."""
    return stack.gateway("limited-a", default_limits=True)


@pytest.fixture(scope="session")
def limited_b(stack):
    return stack.gateway("limited-b", default_limits=True)
