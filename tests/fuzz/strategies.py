"""Hostile and random input for the forms and the API, and the Hypothesis settings that keep the
fuzz tests bounded: derandomized by default (the same examples on every run, as CI needs);
BRICOLEUR_FUZZ=long explores more, with fresh random examples."""

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

#: A marker no page contains by itself: found raw in a page, it was reflected unescaped.
MARKER = "xss7f3q"
SCRIPTS = (
    f"<script>{MARKER}()</script>",
    f'"><b id={MARKER}>',
    f"' onfocus='{MARKER}",
    f'" onfocus="{MARKER}',
    f"<img src=x onerror={MARKER}>",
    f"javascript:{MARKER}()",
)
#: What must never appear raw in an HTML answer (escaped, each of these reads differently).
UNESCAPED = (
    f"<script>{MARKER}",
    f"<b id={MARKER}",
    f"' onfocus='{MARKER}",
    f'" onfocus="{MARKER}',
    f"<img src=x onerror={MARKER}",
)

ODD_TEXT = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\u202eevil\u202c",
    "\ufeff",
    "Z\u0351\u0360\u0363a\u0344\u0361lgo",
    "\U0001f600\U0001f4a9",
    "'; DROP TABLE initiatives; --",
    "%s %(name)s {0} {{ 7*7 }}",
    "../../etc/passwd",
    "\r\nSet-Cookie: x=1",
    "null",
    "true",
    "[]",
)
BAD_DATES = ("2026-02-30", "31-12-99999", "0000-00-00", "9999-12-31", "1-1-1", "2026-13-01", "morgen", "-1")
ODD_NUMBERS = ("-1", "0", "99999999999999999999999", "1e309", "NaN", "1.5", "0x10", "١٢")

#: Text a form field gets: hostile markup, odd unicode, control characters, huge, random.
hostile_text = st.one_of(
    st.sampled_from(SCRIPTS),
    st.sampled_from(ODD_TEXT),
    st.sampled_from(BAD_DATES),
    st.sampled_from(ODD_NUMBERS),
    st.builds(lambda n: "x" * n, st.sampled_from([201, 301, 5001, 20001, 200_000])),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.builds(
        lambda before, script, after: before + script + after,
        st.text(max_size=8),
        st.sampled_from(SCRIPTS),
        st.text(max_size=8),
    ),
)

#: Any JSON value, for API bodies: wrong types, nesting, huge numbers.
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text,
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def _settings(max_examples, derandomize):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
        print_blob=False,
    )


LONG = os.environ.get("BRICOLEUR_FUZZ") == "long"
#: Per form or API operation; the suite's budget is about a minute for all of them together.
FORM_SETTINGS = _settings(100 if LONG else 15, derandomize=not LONG)
API_SETTINGS = _settings(200 if LONG else 25, derandomize=not LONG)
