"""SMTP over STARTTLS and over TLS from the start, with a log-in, against the loopback server with
a certificate made for the test (which the client is made to trust)."""

import ssl
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address

import pytest
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications import transport
from tests.conftest import open_test_case
from tests.notifications.delivery_support import deliver
from tests.notifications.mail_server import MailServer


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """(certificate file, key file) for 127.0.0.1, self-signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


@pytest.fixture
def trusting_client(certificate, monkeypatch):
    """The transport's TLS context trusts the test's certificate (and still checks it)."""
    cert_file, _ = certificate
    default_context = ssl.create_default_context
    monkeypatch.setattr(
        transport.ssl, "create_default_context", lambda *args, **kwargs: default_context(cafile=cert_file)
    )


def _server_context(certificate):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return context


def _authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=(auth_data.login, auth_data.password) == (b"bricoleur", b"geheim"))


def _send_one(app, server, security):
    app.config.update(
        server.settings(SMTP_SECURITY=security, SMTP_USERNAME="bricoleur", SMTP_PASSWORD="geheim")
    )
    with app.app_context():
        open_test_case(follow_up_on=local_today())
        db.session.commit()
    return deliver(app)


def test_starttls_with_a_log_in(demo_world, certificate, trusting_client):
    options = {
        "tls_context": _server_context(certificate),
        "require_starttls": True,
        "authenticator": _authenticate,
    }
    with MailServer(**options) as server:
        result = _send_one(demo_world, server, "starttls")
    assert "1 sent" in result.output
    assert len(server.mails) == 1


def test_tls_from_the_start_with_a_log_in(demo_world, certificate, trusting_client):
    # aiosmtpd offers AUTH only after its own STARTTLS unless told that this connection is safe.
    options = {
        "ssl_context": _server_context(certificate),
        "authenticator": _authenticate,
        "auth_require_tls": False,
    }
    with MailServer(**options) as server:
        result = _send_one(demo_world, server, "tls")
    assert "1 sent" in result.output
    assert len(server.mails) == 1


def test_a_wrong_password_waits_for_the_settings_to_be_fixed(demo_world, certificate, trusting_client):
    options = {
        "tls_context": _server_context(certificate),
        "require_starttls": True,
        "authenticator": _authenticate,
    }
    with MailServer(**options) as server:
        server_settings = server.settings(
            SMTP_SECURITY="starttls", SMTP_USERNAME="bricoleur", SMTP_PASSWORD="fout", SMTP_TIMEOUT_SECONDS=3
        )
        demo_world.config.update(server_settings)
        with demo_world.app_context():
            open_test_case(follow_up_on=local_today())
            db.session.commit()
        result = deliver(demo_world)
    assert "1 to retry" in result.output
    # Refused (535) or, as aiosmtpd does after a failed log-in, no answer: the mail waits.
    assert server.mails == []
