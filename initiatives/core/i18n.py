"""Language choice: Dutch first, English second."""

from flask import current_app, g, has_request_context, request, session
from flask_babel import get_translations

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def select_locale():
    """Return the user's chosen language, else the API client's preference, else Dutch."""
    if not has_request_context():  # the command line speaks the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(languages, default="nl")
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(language):
    """Keep `language` for the rest of this session; return whether it is offered."""
    if language not in current_app.config["LANGUAGES"]:
        return False
    session["language"] = language
    return True


def install_template_translations(app):
    """Give the templates gettext callables that look the request's translations up once.

    Flask-Babel's look the translations up on every call, reading its request context four
    times; a case page translates some 250 texts, and those look-ups were a tenth of its time.
    """
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: _request_translations().ugettext(text),
        ngettext=lambda singular, plural, n: _request_translations().ungettext(singular, plural, n),
        pgettext=lambda context, text: _request_translations().upgettext(context, text),
        npgettext=lambda context, singular, plural, n: _request_translations().unpgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )


def _request_translations():
    """The request's translations, kept where Flask-Babel's own context keeps them: its
    `refresh()` and `force_locale()` clear that attribute when the language changes."""
    context = g.get("_flask_babel") if g else None
    translations = getattr(context, "babel_translations", None)
    if translations is None:
        translations = get_translations()
        context = g.get("_flask_babel") if g else None
        if context is not None:
            context.babel_translations = translations
    return translations
