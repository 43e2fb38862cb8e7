"""Browser tests: every test in this folder is marked `browser`; screenshot tests run only with
`--screenshots`. The fixtures themselves live in tests/browser/support.py."""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="save screenshots of the app in docs/screenshots (see `make screenshots`)",
    )


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the marker
def pytest_collection_modifyitems(config, items):
    """Mark the tests here as browser tests; skip screenshot tests unless `--screenshots` is given."""
    take_screenshots = config.getoption("screenshots")
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if "screenshot_dir" in getattr(item, "fixturenames", ()) and not take_screenshots:
            item.add_marker(pytest.mark.skip(reason="run `make screenshots`"))
