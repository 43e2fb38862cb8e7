"""User accounts, their sessions, second factor and personal API tokens."""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.password_hashes import make_hash, matches
from initiatives.core.db import UTCDateTime, Versioned, enum_column_type, utcnow
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.models import Neighbourhood

user_neighbourhoods = sa.Table(
    "user_neighbourhoods",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "neighbourhood_id",
        sa.ForeignKey("neighbourhoods.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class User(UserMixin, Versioned, db.Model):
    """A personal account. Accounts are deactivated, never deleted, so history keeps its actor."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-case log-in name, unique.
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    #: The TOTP secret (base32). Set but without `totp_enabled_at` while enrolment is unconfirmed.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last TOTP time step accepted, so that a code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    #: The wijken a neighbourhood manager works in.
    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(
        secondary=user_neighbourhoods, order_by=Neighbourhood.code
    )
    api_tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", order_by="ApiToken.created_at.desc()"
    )
    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="RecoveryCode.id"
    )

    @property
    def is_active(self):
        return self.active

    @property
    def display_name(self):
        return self.full_name or self.username

    @property
    def has_totp(self):
        return self.totp_enabled_at is not None

    @property
    def needs_totp_enrolment(self):
        """Admins must use a second factor; others may."""
        return self.role == Role.ADMIN and not self.has_totp

    @property
    def unused_recovery_codes(self):
        return [code for code in self.recovery_codes if code.used_at is None]

    def set_password(self, password):
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = make_hash(password, method)

    def check_password(self, password):
        return bool(self.password_hash) and matches(self.password_hash, password)

    @property
    def neighbourhood_codes(self):
        return [neighbourhood.code for neighbourhood in self.neighbourhoods]

    def works_in(self, neighbourhood):
        """Return whether `neighbourhood` (a wijk or one of its buurten) is one of the user's."""
        wijk = neighbourhood.wijk
        return any(own.id == wijk.id for own in self.neighbourhoods)

    def __repr__(self):
        return f"<User {self.username}>"


class UserSession(db.Model):
    """A signed-in browser session, checked on every request; the cookie holds only its random id."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: How the user signed in: password, totp, recovery_code, or a single sign-on method.
    method: Mapped[str] = mapped_column(sa.String(32))
    address: Mapped[str] = mapped_column(sa.String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Updated at most once a minute, so that a page view rarely writes.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: logout, idle, lifetime, password_changed, deactivated
    end_reason: Mapped[str | None] = mapped_column(sa.String(32))

    user: Mapped[User] = relationship()

    def __repr__(self):
        return f"<UserSession {self.id} of user {self.user_id}>"


class RecoveryCode(db.Model):
    """A one-time code that replaces the authenticator app once; only its hash is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class ApiToken(db.Model):
    """A personal API token. Only its hash is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="api_tokens")

    def is_valid(self, now=None):
        now = now or utcnow()
        return self.revoked_at is None and self.expires_at > now and self.user.active

    def __repr__(self):
        return f"<ApiToken {self.id} of user {self.user_id}>"
