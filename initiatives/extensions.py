"""Flask extensions, created unbound here and bound to the app in `create_app`."""

from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from initiatives.core.db import Base
from initiatives.core.request_origin import client_address

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
