"""Health check and language switch."""

import sqlalchemy as sa
from flask import current_app, jsonify, redirect, request

from initiatives.core.i18n import remember_language
from initiatives.core.urls import safe_next
from initiatives.extensions import db


def healthz():
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        current_app.logger.error("health check: database unreachable: %s", error.__class__.__name__)
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def language():
    remember_language(request.form.get("language", ""))
    return redirect(safe_next(request.form.get("next")))
