"""The status page's own headers. Registered before the app's security headers, so that they run
after them (Flask runs a response's hooks last-registered first) and replace their referrer rule."""

from flask import request


def status_page_headers(response):
    """No search engine indexes the page, no referrer carries its secret, no cache keeps it."""
    if request.blueprint == "status_page" and request.endpoint == "status_page.show":
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
    return response
