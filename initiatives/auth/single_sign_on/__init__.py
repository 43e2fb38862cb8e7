"""Optional single sign-on through OpenID Connect (Entra ID, ADFS, Keycloak, ...).

Configured by environment variables (see config.py and the README); without them the routes
answer 404, the log-in page shows no button and only local accounts sign in.

Accounts are never created here. The first time, the provider's user is matched to an existing
active local account by one claim (BRICOLEUR_OIDC_USERNAME_CLAIM); that account is then bound to
the provider's issuer and subject (`sub`), so a later rename at the provider does not change
who signs in. Users may often change that claim at the provider themselves, so an account with
a local password is bound only once the person has also entered that password (once). The flow
is the authorization code flow with PKCE; Authlib checks state and nonce and verifies the ID
token against the provider's published keys.

The parts: `models` (the binding), `settings` (the configuration and the client), `operations`
(the rules of binding), `controllers` and `blueprint` (the routes), `cli` (`flask sso`).
"""
