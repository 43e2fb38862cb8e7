"""Single sign-on's settings (from config.py) and its OpenID Connect client, one per app."""

from dataclasses import dataclass

from flask import current_app

from initiatives.core.configuration import ConfigurationError

#: Key in app.extensions: the Provider when single sign-on is configured, else None.
EXTENSION = "bricoleur.single_sign_on"


@dataclass(frozen=True)
class Settings:
    metadata_url: str
    client_id: str
    client_secret: str | None
    display_name: str
    username_claim: str
    scopes: str


def settings_from_config(config):
    """Return the single sign-on Settings, or None when it is not configured.

    Half a configuration (an issuer without a client id, or the reverse) stops the app from
    starting, so a typo does not quietly leave only local accounts.
    """
    issuer = (config.get("OIDC_ISSUER") or "").strip()
    metadata_url = (config.get("OIDC_METADATA_URL") or "").strip()
    client_id = (config.get("OIDC_CLIENT_ID") or "").strip()
    if not (issuer or metadata_url or client_id):
        return None
    if not client_id or not (issuer or metadata_url):
        raise ConfigurationError(
            "Single sign-on is half configured: set BRICOLEUR_OIDC_CLIENT_ID and either "
            "BRICOLEUR_OIDC_ISSUER or BRICOLEUR_OIDC_METADATA_URL, or none of them."
        )
    if not metadata_url:
        metadata_url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    scopes = (config.get("OIDC_SCOPES") or "openid profile email").split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")  # without it there is no ID token, so no verified identity
    return Settings(
        metadata_url=metadata_url,
        client_id=client_id,
        client_secret=(config.get("OIDC_CLIENT_SECRET") or "").strip() or None,
        display_name=(config.get("OIDC_DISPLAY_NAME") or "").strip() or "SSO",
        username_claim=(config.get("OIDC_USERNAME_CLAIM") or "").strip() or "preferred_username",
        scopes=" ".join(scopes),
    )


@dataclass(frozen=True)
class Provider:
    settings: Settings
    client: object  # authlib's FlaskOAuth2App


def provider():
    """Return the configured Provider, or None when single sign-on is off."""
    return current_app.extensions.get(EXTENSION)


def register_provider(app, oauth):
    """Register the OpenID Connect client with `oauth` (the app's Authlib registry) when single
    sign-on is configured; `provider()` then returns it."""
    settings = settings_from_config(app.config)
    app.extensions[EXTENSION] = None
    if settings is None:
        return
    client_kwargs = {"scope": settings.scopes, "code_challenge_method": "S256", "default_timeout": 10}
    if settings.client_secret is None:
        client_kwargs["token_endpoint_auth_method"] = "none"  # noqa: S105 (a public client: PKCE only)
    client = oauth.register(
        "sso",
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        server_metadata_url=settings.metadata_url,
        client_kwargs=client_kwargs,
    )
    app.extensions[EXTENSION] = Provider(settings=settings, client=client)
