"""`flask users ...`: manage accounts from the command line."""

import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from initiatives.auth import accounts
from initiatives.auth.models import User
from initiatives.auth.passwords import MINIMUM_PASSWORD_LENGTH, guessing_context, is_common, is_easy_to_guess
from initiatives.auth.second_factor import reset_totp
from initiatives.auth.tokens import issue_api_token
from initiatives.auth.users import AccountError, find_user
from initiatives.core.db import writing
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood


@click.group("users", help="Manage user accounts.")
def users_cli():
    pass


def _read_password(password_stdin, *account_words):
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        raise click.UsageError(f"The password needs at least {MINIMUM_PASSWORD_LENGTH} characters.")
    if is_common(password):
        raise click.UsageError("This password is too common: it appears in lists of leaked passwords.")
    if is_easy_to_guess(password, guessing_context(*account_words)):
        raise click.UsageError(
            "This password is too easy to guess (a repeat, a row or series, a name, a year or this "
            "application's name). A sentence of a few ordinary words is strong and easy to remember."
        )
    return password


def _user_or_fail(username):
    user = find_user(username)
    if user is None:
        raise click.UsageError(f"There is no user {username!r}.")
    return user


@users_cli.command("create")
@click.option("--username", required=True, help="Log-in name (stored in lower case).")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option(
    "--neighbourhood",
    "neighbourhood_codes",
    multiple=True,
    metavar="CODE",
    help="CBS code of a wijk the neighbourhood manager works in; repeat for several.",
)
@click.option("--full-name", default="", help="The person's name, as colleagues know it.")
@click.option("--email", default=None, help="Work e-mail address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@writing()
def create_user(username, role, neighbourhood_codes, full_name, email, password_stdin):
    """Create a personal account."""
    if role == Role.NEIGHBOURHOOD_MANAGER and not neighbourhood_codes:
        raise click.UsageError("A neighbourhood manager needs at least one --neighbourhood.")
    # Before the first query: a transaction that writes holds the write lock from its start, and
    # must not hold it while someone types.
    password = _read_password(password_stdin, username, full_name, email)
    neighbourhoods = []
    for code in neighbourhood_codes:
        neighbourhood = find_neighbourhood(code.strip().upper())
        if neighbourhood is None:
            raise click.UsageError(f"There is no neighbourhood with code {code!r}.")
        neighbourhoods.append(neighbourhood)
    try:
        user = accounts.create_user(
            username, role, password, full_name=full_name, email=email, neighbourhoods=neighbourhoods
        )
    except AccountError as error:
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.username}.")


@users_cli.command("deactivate")
@click.argument("username")
@with_appcontext
@writing()
def deactivate_user(username):
    """Deactivate an account: it can no longer sign in, its tokens are revoked."""
    user = _user_or_fail(username)
    accounts.deactivate_user(user)
    db.session.commit()
    click.echo(f"Deactivated {user.username}.")


@users_cli.command("list")
@click.option("--all", "include_inactive", is_flag=True, help="Include deactivated accounts.")
@with_appcontext
def list_users(include_inactive):
    """List accounts with their role and neighbourhoods."""
    query = sa.select(User).order_by(User.username)
    if not include_inactive:
        query = query.where(User.active)
    rows = [("USERNAME", "ROLE", "ACTIVE", "NEIGHBOURHOODS")]
    for user in db.session.scalars(query):
        rows.append(
            (
                user.username,
                str(user.role),
                "yes" if user.active else "no",
                " ".join(user.neighbourhood_codes),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[3]
        )


@users_cli.command("token")
@click.argument("username")
@click.option("--name", default="command line", show_default=True, help="What the token is for.")
@click.option("--days", type=click.IntRange(min=1, max=3650), default=None, help="Days it stays valid.")
@with_appcontext
@writing()
def create_token(username, name, days):
    """Print a new personal API token for USERNAME (only its hash is stored)."""
    user = _user_or_fail(username)
    try:
        token, secret = issue_api_token(user, name, days or current_app.config["API_TOKEN_DAYS"])
    except AccountError as error:
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(secret)
    click.echo(f"Valid until {token.expires_at:%Y-%m-%d}. It is shown only now.", err=True)


@users_cli.command("reset-second-factor")
@click.argument("username")
@with_appcontext
@writing()
def reset_second_factor(username):
    """Switch off USERNAME's two-step verification (lost phone and codes); their sessions end.

    For when no other admin can do it on the account page: an admin is asked to set it up
    again at the next sign-in.
    """
    user = _user_or_fail(username)
    try:
        reset_totp(user)
    except AccountError as error:
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(f"Two-step verification of {user.username} is off.")
