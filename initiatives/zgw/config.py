"""The case system's settings, from the environment (`config.py`'s ZGW_* settings): without the
three base URLs the export is off, and nothing of it shows."""

import json
from dataclasses import dataclass, field

from flask import current_app

from initiatives.core.configuration import ConfigurationError


@dataclass(frozen=True)
class ZgwSettings:
    zaken_api: str
    catalogi_api: str
    documenten_api: str
    client_id: str
    secret: str = field(repr=False)
    rsin: str
    zaaktype: str
    informatieobjecttype: str
    #: stage code -> statustype URL, and result code -> resultaattype URL, from the environment:
    #: they win over the admin page's tables.
    statuses: dict
    results: dict
    timeout: int


def _mapping(config, key):
    text = (config.get(key) or "").strip()
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as error:
        raise ConfigurationError(f"BRICOLEUR_{key} is no JSON object: {error}") from error
    if not isinstance(value, dict) or not all(isinstance(url, str) for url in value.values()):
        raise ConfigurationError(f"BRICOLEUR_{key} must be a JSON object of codes to URLs")
    return value


def is_on(config=None):
    """Whether the export to the case system is configured (its three base URLs)."""
    config = config if config is not None else current_app.config
    return all(config.get(key) for key in ("ZGW_ZAKEN_API", "ZGW_CATALOGI_API", "ZGW_DOCUMENTEN_API"))


def settings(config=None):
    """The settings, or None when the export is off."""
    config = config if config is not None else current_app.config
    if not is_on(config):
        return None
    return ZgwSettings(
        zaken_api=config["ZGW_ZAKEN_API"].rstrip("/"),
        catalogi_api=config["ZGW_CATALOGI_API"].rstrip("/"),
        documenten_api=config["ZGW_DOCUMENTEN_API"].rstrip("/"),
        client_id=config.get("ZGW_CLIENT_ID") or "",
        secret=config.get("ZGW_SECRET") or "",
        rsin=config.get("ZGW_RSIN") or "",
        zaaktype=config.get("ZGW_ZAAKTYPE") or "",
        informatieobjecttype=config.get("ZGW_INFORMATIEOBJECTTYPE") or "",
        statuses=_mapping(config, "ZGW_STATUSES"),
        results=_mapping(config, "ZGW_RESULTS"),
        timeout=int(config.get("ZGW_TIMEOUT") or 20),
    )
