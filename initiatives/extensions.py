"""Flask extensions, created unbound here and bound to the app in `create_app`."""

from authlib.integrations.flask_client import OAuth
from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

from initiatives.core.db import Base
from initiatives.core.openapi import DocumentedApi
from initiatives.core.request_origin import client_address


class OnePerApp:
    """An extension whose library keeps its app and that app's settings on itself (Flask-Talisman,
    Authlib's OAuth registry): `init_app` binds a new one to each app, kept in app.extensions, so
    that the many apps the tests make (production and testing, with and without single sign-on)
    do not share the last one's settings."""

    def __init__(self, name, extension_class):
        self.name = name
        self.extension_class = extension_class

    def init_app(self, app, **options):
        extension = self.extension_class()
        extension.init_app(app, **options)
        app.extensions[self.name] = extension
        return extension

    def of(self, app):
        """The one bound to `app`."""
        return app.extensions[self.name]


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
#: One date style in every language, the Dutch one: "6 dec 2026" and "6 Dec 2026", never "Dec 6,
#: 2026" or "12/6/26". `format_date` and `format_datetime` without a format, or with "medium",
#: use these patterns; a pattern of its own is still honoured.
DATE_PATTERN = "d MMM y"
DATETIME_PATTERN = "d MMM y HH:mm"
babel = Babel(
    date_formats={
        **Babel.default_date_formats,
        "date.medium": DATE_PATTERN,
        "datetime.medium": DATETIME_PATTERN,
        "datetime.short": DATETIME_PATTERN,
    }
)
limiter = Limiter(key_func=client_address, default_limits=[])
#: The dashboard's figures (dashboard/cache.py says what it keeps and how it is configured).
dashboard_cache = Cache()
#: Security headers (core/security_headers.py says which), bound with the app's options.
talisman = OnePerApp("talisman", Talisman)
#: The OpenID Connect client's registry; single sign-on registers its client when configured.
oauth = OnePerApp("oauth", OAuth)
#: flask-smorest's Api: the JSON API's OpenAPI document (core/openapi.py), bound by api.init_app.
api = OnePerApp("bricoleur-api", DocumentedApi)
