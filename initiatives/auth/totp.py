"""Time-based one-time passwords (RFC 6238) and recovery codes: the pure computations."""

import hmac
import re
import secrets

import pyotp
import segno
from markupsafe import Markup, escape

from initiatives.core.db import utcnow
from initiatives.core.parsing import is_digits

#: Seconds per code, and how many steps either side of now are accepted (clock drift).
INTERVAL = 30
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
#: 16 characters from 32 = 80 bits; no 0/o or 1/l to misread.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_NOT_CODE = re.compile(r"[\s-]+")


def new_secret():
    return pyotp.random_base32(length=32)


def current_step(now=None):
    return int((now or utcnow()).timestamp()) // INTERVAL


def code_at_step(secret, step):
    return pyotp.TOTP(secret, interval=INTERVAL).at(step * INTERVAL)


def matching_step(secret, code, now=None):
    """Return the time step near now whose code is `code`, or None."""
    code = normalise_code(code)
    if not looks_like_totp(code):
        return None
    now_step = current_step(now)
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at_step(secret, step), code):
            return step
    return None


def normalise_code(code):
    return _NOT_CODE.sub("", code or "").lower()


def looks_like_totp(code):
    code = normalise_code(code)
    return len(code) == 6 and is_digits(code)  # compare_digest refuses non-ASCII text


def new_recovery_codes(count=RECOVERY_CODE_COUNT):
    """Return `count` fresh codes, written in groups of four: abcd-efgh-jkmn-pqrs."""
    codes = []
    for _index in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _char in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def provisioning_uri(secret, account_name, issuer):
    return pyotp.TOTP(secret, interval=INTERVAL).provisioning_uri(name=account_name, issuer_name=issuer)


def qr_code_svg(uri, label):
    """Return the QR code of `uri` as inline SVG markup (no data: URL, no script), named `label`."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff", title=label)
    # role=img with the label makes screen readers announce it as one image, not a drawing.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S704 - segno output, label escaped
