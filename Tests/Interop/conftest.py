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
