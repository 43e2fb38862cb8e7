"""Where a request comes from, for throttling and the audit log."""

from flask import request


def client_address():
    """Return the client's IP address (proxies are unwrapped by ProxyFix when configured)."""
    return request.remote_addr or "unknown"
