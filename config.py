"""Settings per environment; every setting can be overridden by an environment variable.

`BRICOLEUR_ENV` picks the environment (development, testing or production).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("BRICOLEUR_INSTANCE_DIR", BASE_DIR / "instance"))


def _env(name, default=None):
    return os.environ.get(name, default)


def _env_int(name, default):
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret_key():
    """Return a random key kept in the instance folder, so log-ins survive a restart."""
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'bricoleur.sqlite'}")
    #: Statement parameters hold residents' data: keep them out of error messages and logs.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    #: Seconds a SQLite connection waits for a lock before giving up.
    SQLITE_BUSY_TIMEOUT_MS = _env_int("BRICOLEUR_SQLITE_BUSY_TIMEOUT_MS", 10000)

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = _env("BRICOLEUR_TIMEZONE", "Europe/Amsterdam")
    LANGUAGES = ("nl", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("BRICOLEUR_SECURE_COOKIES", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=_env_int("BRICOLEUR_SESSION_HOURS", 12))
    #: A session ends after this many minutes without a request, and after SESSION_HOURS in all.
    SESSION_IDLE_MINUTES = _env_int("BRICOLEUR_SESSION_IDLE_MINUTES", 30)
    SESSION_HOURS = _env_int("BRICOLEUR_SESSION_HOURS", 12)
    #: Minutes a user who passed the password step has to enter the second-factor code.
    LOGIN_CODE_MINUTES = _env_int("BRICOLEUR_LOGIN_CODE_MINUTES", 5)
    #: The name an authenticator app shows next to the account.
    TOTP_ISSUER = _env("BRICOLEUR_TOTP_ISSUER", "Bricoleur")

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    #: Where Flask-Limiter keeps its counters: memory:// for one process, redis://... for several.
    RATELIMIT_STORAGE_URI = _env("BRICOLEUR_RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("BRICOLEUR_RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    #: The log-in throttle (initiatives/auth/throttle.py). Failed passwords and codes of one
    #: username from one client address: this many are free, then each further one makes that
    #: pair wait LOGIN_DELAY_SECONDS, doubling per failure up to LOGIN_DELAY_MAX_MINUTES. A
    #: stranger's failures thus slow only the stranger's address, never the account's owner.
    LOGIN_FAILURES_PER_PAIR = _env_int("BRICOLEUR_LOGIN_FAILURES_PER_PAIR", 5)
    LOGIN_DELAY_SECONDS = _env_int("BRICOLEUR_LOGIN_DELAY_SECONDS", 60)
    LOGIN_DELAY_MAX_MINUTES = _env_int("BRICOLEUR_LOGIN_DELAY_MAX_MINUTES", 60)
    #: Failed log-ins per account from all addresses together: a ceiling far above a person's
    #: mistakes, against guessing from many addresses; and per client address, any account.
    LOGIN_FAILURES_PER_ACCOUNT = _env("BRICOLEUR_LOGIN_FAILURES_PER_ACCOUNT", "100 per hour")
    LOGIN_FAILURES_PER_ADDRESS = _env("BRICOLEUR_LOGIN_FAILURES_PER_ADDRESS", "20 per 15 minutes")
    #: From this many wrong passwords since an account's previous log-in, its owner is told so
    #: when signing in (and the audit log records that they were told).
    LOGIN_FAILURES_NOTICE = _env_int("BRICOLEUR_LOGIN_FAILURES_NOTICE", 5)
    #: Requests to the API under /api/v1 per token and per client address (429 beyond).
    API_REQUESTS_PER_TOKEN = _env("BRICOLEUR_API_REQUESTS_PER_TOKEN", "300 per minute")
    API_REQUESTS_PER_ADDRESS = _env("BRICOLEUR_API_REQUESTS_PER_ADDRESS", "600 per minute")
    #: The initiators' status page: requests per client address (a wrong link too), and the
    #: messages sent and satisfaction answers given from one link.
    STATUS_PAGE_REQUESTS_PER_ADDRESS = _env("BRICOLEUR_STATUS_PAGE_REQUESTS_PER_ADDRESS", "30 per minute")
    STATUS_PAGE_MESSAGES_PER_LINK = _env("BRICOLEUR_STATUS_PAGE_MESSAGES_PER_LINK", "5 per hour")
    STATUS_PAGE_ANSWERS_PER_LINK = _env("BRICOLEUR_STATUS_PAGE_ANSWERS_PER_LINK", "5 per hour")

    #: How passwords are hashed (initiatives/auth/password_hashes.py): `argon2id:MEMORY_KIB:TIME:
    #: PARALLELISM` or a Werkzeug method; a stored hash made otherwise is made anew at the next
    #: log-in, so older scrypt and pbkdf2 hashes keep working. argon2id with m=19 MiB, t=2, p=1 is
    #: OWASP's Password Storage Cheat Sheet's first choice at its minimum: about 40 ms of one core
    #: per log-in, where scrypt at OWASP's minimum (N=2^17 r=8 p=1 or its equivalents) takes 0.2-0.4
    #: s, so a morning wave of 50 log-ins in 10 s stays far within two cores. Tests use a cheaper one.
    PASSWORD_HASH_METHOD = "argon2id:19456:2:1"
    #: Days a new API token stays valid unless another expiry is asked for.
    API_TOKEN_DAYS = _env_int("BRICOLEUR_API_TOKEN_DAYS", 90)
    PAGE_SIZE = _env_int("BRICOLEUR_PAGE_SIZE", 25)
    #: How many matches a search counts at least (initiatives/core/paging.py): past it the case list
    #: says "more than", since counting every match of a frequent word costs more than the page.
    SEARCH_COUNT_CAP = 1000
    #: How many cases a list without a search counts at least: a municipality-wide list of a
    #: million cases took 0.9 s to count them all; ten thousand are counted in milliseconds.
    LIST_COUNT_CAP = 10000
    #: Where case files are kept: outside static/, served only through an access check.
    ATTACHMENT_DIR = _env("BRICOLEUR_ATTACHMENT_DIR", str(INSTANCE_DIR / "attachments"))
    #: Largest file a case may hold; a request may be a little larger (form fields around it).
    MAX_ATTACHMENT_BYTES = _env_int("BRICOLEUR_MAX_ATTACHMENT_MB", 20) * 1024 * 1024
    #: Attachments one e-mail brings to its case at most, and their most bytes together (decoded):
    #: the rest is left out, and the case says so. A mail of thousands of parts is no mail to keep.
    MAX_MAIL_ATTACHMENTS = _env_int("BRICOLEUR_MAX_MAIL_ATTACHMENTS", 50)
    MAX_MAIL_ATTACHMENT_BYTES = _env_int("BRICOLEUR_MAX_MAIL_ATTACHMENTS_MB", 25) * 1024 * 1024
    #: Number of proxies in front of the app whose X-Forwarded-For may be trusted.
    TRUSTED_PROXIES = _env_int("BRICOLEUR_TRUSTED_PROXIES", 0)

    #: Single sign-on through OpenID Connect: off unless a client id and an issuer (or the
    #: discovery document's URL) are set. See "Single sign-on" in the README.
    OIDC_ISSUER = _env("BRICOLEUR_OIDC_ISSUER")
    OIDC_METADATA_URL = _env("BRICOLEUR_OIDC_METADATA_URL")
    OIDC_CLIENT_ID = _env("BRICOLEUR_OIDC_CLIENT_ID")
    OIDC_CLIENT_SECRET = _env("BRICOLEUR_OIDC_CLIENT_SECRET")
    #: Shown on the log-in button: "Inloggen met <name>".
    OIDC_DISPLAY_NAME = _env("BRICOLEUR_OIDC_DISPLAY_NAME", "SSO")
    #: The ID token claim whose value must equal a local username the first time.
    OIDC_USERNAME_CLAIM = _env("BRICOLEUR_OIDC_USERNAME_CLAIM", "preferred_username")
    OIDC_SCOPES = _env("BRICOLEUR_OIDC_SCOPES", "openid profile email")

    #: Export to the municipality's case system through the ZGW APIs (Open Zaak): off and invisible
    #: unless the three base URLs are set. See "Case system (ZGW)" in the README.
    ZGW_ZAKEN_API = _env("BRICOLEUR_ZGW_ZAKEN_API", "")
    ZGW_CATALOGI_API = _env("BRICOLEUR_ZGW_CATALOGI_API", "")
    ZGW_DOCUMENTEN_API = _env("BRICOLEUR_ZGW_DOCUMENTEN_API", "")
    ZGW_CLIENT_ID = _env("BRICOLEUR_ZGW_CLIENT_ID", "")
    ZGW_SECRET = _env("BRICOLEUR_ZGW_SECRET", "")
    #: The municipality's RSIN (9 digits): bronorganisatie and verantwoordelijke organisatie.
    ZGW_RSIN = _env("BRICOLEUR_ZGW_RSIN", "")
    ZGW_ZAAKTYPE = _env("BRICOLEUR_ZGW_ZAAKTYPE", "")
    ZGW_INFORMATIEOBJECTTYPE = _env("BRICOLEUR_ZGW_INFORMATIEOBJECTTYPE", "")
    #: JSON objects from stage code to statustype URL and from result code to resultaattype URL;
    #: when given they win over the tables on the admin page.
    ZGW_STATUSES = _env("BRICOLEUR_ZGW_STATUSES", "")
    ZGW_RESULTS = _env("BRICOLEUR_ZGW_RESULTS", "")
    #: Seconds to wait for the case system's answer.
    ZGW_TIMEOUT = _env_int("BRICOLEUR_ZGW_TIMEOUT", 20)

    #: The map of cases (initiatives/locations): a background layer of map tiles only when this
    #: URL is set, and the Content-Security-Policy then allows images from exactly its host. An XYZ
    #: template in Web Mercator (`https://tiles.example.nl/{z}/{x}/{y}.png`), or a WMTS tile URL
    #: in RD New (EPSG:28992, `.../EPSG:28992/{z}/{x}/{y}.png`, like PDOK's BRT-Achtergrondkaart).
    MAP_TILES_URL = _env("BRICOLEUR_MAP_TILES_URL", "").strip()
    #: Who the tiles are from, shown on the map (their licence usually asks for it).
    MAP_TILES_ATTRIBUTION = _env("BRICOLEUR_MAP_TILES_ATTRIBUTION", "").strip()
    #: A geocoder that turns a case's address into a point (PDOK Locatieserver's `free` search,
    #: e.g. https://api.pdok.nl/bzk/locatieserver/search/v3_1/free); unset: no address search.
    GEOCODER_URL = _env("BRICOLEUR_GEOCODER_URL", "").strip()
    #: Seconds to wait for the geocoder's answer.
    GEOCODER_TIMEOUT = _env_int("BRICOLEUR_GEOCODER_TIMEOUT", 5)

    #: Logs on stdout: `json` (one object per line, for a log collector) or `text` (for people).
    LOG_FORMAT = _env("BRICOLEUR_LOG_FORMAT", "text")
    LOG_LEVEL = _env("BRICOLEUR_LOG_LEVEL", "INFO").upper()
    LOG_TO_STDOUT = True
    #: Free space below which /healthz reports the disk as full (the database and files need room).
    HEALTH_MIN_FREE_MB = _env_int("BRICOLEUR_HEALTH_MIN_FREE_MB", 50)
    #: Months after a case's closure that its initiators' contact data is kept (`flask privacy purge`).
    CONTACT_RETENTION_MONTHS = _env_int("BRICOLEUR_CONTACT_RETENTION_MONTHS", 12)

    #: The address people use to reach this app, for links that leave a request: mails, the
    #: calendar feed's events (no trailing slash).
    BASE_URL = _env("BRICOLEUR_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    #: Mails (`flask notifications deliver`): the SMTP server, log-in and security (starttls, tls
    #: or none), and the sender. Without a host, outside production, mails go to MAILDIR instead.
    SMTP_HOST = _env("BRICOLEUR_SMTP_HOST")
    SMTP_PORT = _env_int("BRICOLEUR_SMTP_PORT", 587)
    SMTP_USERNAME = _env("BRICOLEUR_SMTP_USERNAME")
    SMTP_PASSWORD = _env("BRICOLEUR_SMTP_PASSWORD")
    SMTP_SECURITY = _env("BRICOLEUR_SMTP_SECURITY", "starttls").strip().lower()
    #: Seconds to wait for the SMTP server before trying again later.
    SMTP_TIMEOUT_SECONDS = _env_int("BRICOLEUR_SMTP_TIMEOUT_SECONDS", 30)
    MAIL_FROM = _env("BRICOLEUR_MAIL_FROM", "Bricoleur <bricoleur@localhost>")
    MAILDIR = _env("BRICOLEUR_MAILDIR", str(INSTANCE_DIR / "mail"))

    #: The dashboard's figure cache (dashboard/cache.py): in Redis, shared by every worker, when
    #: this URL is set; else in each process.
    DASHBOARD_CACHE_REDIS_URL = _env("BRICOLEUR_CACHE_REDIS_URL")
    DASHBOARD_CACHE = True
    # The dashboard's figures from the tallies the triggers keep (migrations 0038, 0039); off: from
    # the base rows alone, as slow as they are at scale (the bench's reference).
    DASHBOARD_TALLIES = _env("BRICOLEUR_DASHBOARD_TALLIES", "1") != "0"
    #: The dashboard's aggregate queries run side by side, each on a connection of its own.
    DASHBOARD_PARALLEL_QUERIES = True


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = _env_bool("BRICOLEUR_DEBUG", False)
    SECRET_KEY = Config.SECRET_KEY


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", "sqlite:///:memory:")
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    #: Single sign-on stays off whatever the shell says; its tests switch it on themselves.
    OIDC_ISSUER = OIDC_METADATA_URL = OIDC_CLIENT_ID = None
    #: The case system (ZGW) export too: its tests give the addresses of their mock servers.
    ZGW_ZAKEN_API = ZGW_CATALOGI_API = ZGW_DOCUMENTEN_API = ""
    ZGW_STATUSES = ZGW_RESULTS = ""
    #: No tiles and no geocoder unless a test sets them (a fake server's address).
    MAP_TILES_URL = MAP_TILES_ATTRIBUTION = GEOCODER_URL = ""
    LOG_TO_STDOUT = False  # pytest captures the records itself; tests switch it on to read lines
    DASHBOARD_CACHE = False  # the tests write rows directly; the cache's own tests switch it on
    #: No mail leaves a test run whatever the shell says; the delivery tests set their own server.
    SMTP_HOST = None


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("BRICOLEUR_SECURE_COOKIES", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LOG_FORMAT = _env("BRICOLEUR_LOG_FORMAT", "json")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name=None):
    """Return the settings class for `name`, or for `BRICOLEUR_ENV` (default development)."""
    name = name or _env("BRICOLEUR_ENV", "development")
    try:
        config = CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"BRICOLEUR_ENV={name!r} is unknown; use one of {', '.join(CONFIGS)}.") from None
    if config is DevelopmentConfig and not config.SECRET_KEY:
        config.SECRET_KEY = _development_secret_key()
    return config
