"""A real OpenID Connect provider for the single sign-on tests, built with Authlib's server side.

It serves discovery, JWKS, an authorization endpoint with a small sign-in form (pick a person,
allow or deny), a token endpoint issuing RS256-signed ID tokens, and userinfo. It keeps no
cookies of its own: browsers share cookies between ports of one host, and the sign-in form
carries everything the provider needs, like a provider whose user is already signed in.
"""

import secrets
import threading
import time
from dataclasses import dataclass, field
from html import escape

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "bricoleur"
CLIENT_SECRET = secrets.token_urlsafe(24)
SCOPES = ("openid", "profile", "email")


@dataclass
class Person:
    """Someone the provider knows; `claims` become the ID token's claims besides `sub`."""

    sub: str
    claims: dict


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list = field(default_factory=list)

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope):
        return " ".join(part for part in (scope or "").split() if part in SCOPES)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    person: Person
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


class OidcProvider:
    """The provider's state and its Flask app; `start()` serves it on a free local port."""

    def __init__(self):
        self.people = {}
        self.codes = {}
        self.access_tokens = {}
        self.client = Client(CLIENT_ID, CLIENT_SECRET)
        self.signing_key = RSAKey.generate_key(2048, parameters={"kid": "provider-key", "use": "sig"})
        #: Set to another key to send ID tokens the client cannot verify.
        self.forged_key = None
        #: Claims kept out of the ID token (and only given by userinfo), as ADFS does.
        self.userinfo_only_claims = set()
        self.issuer = None
        self.app = self._create_app()
        self._server = None
        self._thread = None

    def add_person(self, login, sub=None, **claims):
        self.people[login] = Person(sub=sub or secrets.token_hex(8), claims=claims)
        return self.people[login]

    # --- serving

    def start(self):
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="oidc-provider", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # --- the app

    def _create_app(self):
        app = Flask("test_oidc_provider")
        app.config["SECRET_KEY"] = secrets.token_hex(16)
        app.config["SESSION_COOKIE_NAME"] = "provider_session"  # never clobber Bricoleur's cookie
        server = AuthorizationServer(app, query_client=self._query_client, save_token=self._save_token)
        server.register_grant(
            self._code_grant_class(), extensions=[CodeChallenge(required=True), self._openid_extension()]
        )

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                userinfo_endpoint=f"{self.issuer}/userinfo",
                jwks_uri=f"{self.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                scopes_supported=list(SCOPES),
                token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
                code_challenge_methods_supported=["S256"],
                claims_supported=["sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", "name"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[self.signing_key.as_dict(private=False)])

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize():
            person = self.people.get(request.form.get("login", ""))
            try:
                grant = server.get_consent_grant(end_user=person)
            except OAuth2Error as error:  # an invalid request: show it, as real providers do
                return f"<p>Invalid request: {escape(error.error)}</p>", 400
            if request.method == "GET":
                return self._sign_in_form()
            allowed = request.form.get("decision") == "allow" and person is not None
            return server.create_authorization_response(grant_user=person if allowed else None, grant=grant)

        @app.post("/token")
        def token():
            return server.create_token_response()

        @app.get("/userinfo")
        def userinfo():
            scheme, _, value = request.headers.get("Authorization", "").partition(" ")
            person = self.access_tokens.get(value) if scheme.lower() == "bearer" else None
            if person is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(sub=person.sub, **person.claims)

        return app

    def _sign_in_form(self):
        options = "".join(
            f'<option value="{escape(login)}">{escape(login)}</option>' for login in self.people
        )
        return (
            '<!doctype html><html lang="en"><head><title>Test provider</title></head><body><main>'
            "<h1>Test provider</h1>"
            f'<form method="post" action="{escape(request.full_path)}">'
            f'<label for="login">Person</label><select id="login" name="login">{options}</select>'
            '<button type="submit" name="decision" value="allow">Allow</button>'
            '<button type="submit" name="decision" value="deny">Deny</button>'
            "</form></main></body></html>"
        )

    def _query_client(self, client_id):
        return self.client if client_id == self.client.client_id else None

    def _save_token(self, token, request):
        self.access_tokens[token["access_token"]] = request.user

    def _code_grant_class(self):
        provider = self

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, request):
                data = request.payload.data
                provider.codes[code] = AuthorizationCode(
                    code=code,
                    client_id=request.client.client_id,
                    redirect_uri=request.payload.redirect_uri,
                    scope=request.scope,
                    person=request.user,
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                return found if found is not None and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.person

        return CodeGrant

    def _openid_extension(self):
        provider = self

        class ProviderOpenIDCode(OpenIDCode):
            def exists_nonce(self, nonce, request):
                return any(code.nonce == nonce for code in provider.codes.values())

            def resolve_client_private_key(self, client):
                return provider.forged_key or provider.signing_key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": provider.signing_key.kid}

            def get_client_claims(self, client):
                return {"iss": provider.issuer, "aud": [client.get_client_id()]}

            def generate_user_info(self, person, scope):
                claims = {
                    name: value
                    for name, value in person.claims.items()
                    if name not in provider.userinfo_only_claims
                }
                return UserInfo(sub=person.sub, **claims)

        return ProviderOpenIDCode(require_nonce=True)
