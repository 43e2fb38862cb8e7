"""`flask sso`: single sign-on's command."""

import click
from flask.cli import with_appcontext

from initiatives.auth.single_sign_on.operations import unbind
from initiatives.auth.users import find_user
from initiatives.core.db import writing
from initiatives.extensions import db


@click.group("sso", help="Single sign-on (OpenID Connect).")
def sso_cli():
    pass


@sso_cli.command("unlink")
@click.argument("username")
@with_appcontext
@writing()
def unlink_command(username):
    """Unbind USERNAME from its person at the provider, so the next sign-in matches it again."""
    user = find_user(username)
    if user is None:
        raise click.UsageError(f"There is no user {username!r}.")
    if not unbind(user):
        click.echo(f"{user.username} is not bound to a person at the provider.")
        return
    db.session.commit()
    click.echo(f"{user.username} is no longer bound; the next single sign-on matches it by username again.")
