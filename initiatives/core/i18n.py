"""Language choice: Dutch first, English second."""

from flask import current_app, has_request_context, request, session

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
