"""Security headers on every response, through Flask-Talisman.

The Content Security Policy allows scripts, styles, fonts and images from this site only: the
pages carry no inline script, event handler or style attribute (the dashboard's SVG charts use
presentation attributes such as `fill`, which CSP does not govern). `data:` images are allowed
because the NL Design System stylesheets draw checkboxes and select arrows as data-URI SVGs.
A map's background tiles (`MAP_TILES_URL`, unset by default) are the one exception: when set, images
may also come from exactly that URL's scheme and host (`content_security_policy`); nothing else.
No page may be framed (`frame-ancestors 'none'`, and X-Frame-Options for older browsers).

HTTPS is forced, and HSTS sent, in production only: development and the tests speak plain HTTP.

No browser or proxy keeps a copy of what a signed-in person saw, or of any API answer
(`Cache-Control: no-store`): case pages hold residents' personal data, and a shared computer's
back button or disk cache must not show them to the next user. Only the static assets are cached.
"""

from urllib.parse import urlsplit

from flask import request, session

#: What a page for a signed-in person and every API answer may do in caches: nothing.
PRIVATE_CACHING = "no-store"

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
#: Send the origin only to other sites, and nothing when leaving HTTPS for HTTP: case URLs
#: (with their numbers and search words) stay inside.
REFERRER_POLICY = "strict-origin-when-cross-origin"
#: The browser features no page needs.
PERMISSIONS_POLICY = {
    "camera": "()",
    "geolocation": "()",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
    "interest-cohort": "()",
}
#: A year, as browsers and the HSTS preload list expect.
HSTS_MAX_AGE = 365 * 24 * 3600


def tiles_origin(url):
    """The scheme and host (with its port) of a tile URL template, for the CSP's img-src; None when
    the URL is not an absolute http(s) URL (then no tiles are shown either)."""
    parts = urlsplit(url or "")
    if parts.scheme not in {"https", "http"} or not parts.hostname or "{" in parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def content_security_policy(config):
    """The policy for an app with `config`: `CONTENT_SECURITY_POLICY`, plus the map tiles' origin
    in img-src when `MAP_TILES_URL` is set."""
    policy = dict(CONTENT_SECURITY_POLICY)
    origin = tiles_origin(config.get("MAP_TILES_URL"))
    if origin:
        policy["img-src"] = f"{policy['img-src']} {origin}"
    return policy


def talisman_options(config):
    """Flask-Talisman's options for an app with `config` (extensions.talisman is bound with them)."""
    production = config["ENV_NAME"] == "production"
    return {
        "force_https": production,
        "strict_transport_security": production,
        "strict_transport_security_max_age": HSTS_MAX_AGE,
        "strict_transport_security_include_subdomains": True,
        "content_security_policy": content_security_policy(config),
        "frame_options": "DENY",
        "referrer_policy": REFERRER_POLICY,
        "permissions_policy": PERMISSIONS_POLICY,
        "feature_policy": {},
        "document_policy": {},
        # The session cookie's settings stay those of config.py (Secure in production).
        "session_cookie_secure": config["SESSION_COOKIE_SECURE"],
        "session_cookie_http_only": True,
        "session_cookie_samesite": config["SESSION_COOKIE_SAMESITE"],
        "x_content_type_options": True,
    }


def plain_http_allowed(view):
    """Mark a view that answers over plain HTTP also in production (Talisman reads the mark at
    each request), such as a health check that load balancers probe without TLS."""
    view.talisman_view_options = {"force_https": False}
    return view


def keep_private_answers_out_of_caches(response):
    """`no-store` on every API answer and on every answer to a signed-in person (their pages,
    redirects and errors alike); downloads that already say `private, no-store` keep it."""
    if request.endpoint == "static":
        return response
    # Flask-Login's mark in the session cookie, not `current_user`: an answer must not load a user
    # (a database read) after its request failed.
    if not (request.path.startswith("/api/") or "_user_id" in session):
        return response
    if "no-store" not in (response.headers.get("Cache-Control") or ""):
        response.headers["Cache-Control"] = PRIVATE_CACHING
    return response
