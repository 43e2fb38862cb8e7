"""A small client of the ZGW APIs (Zaken, Catalogi, Documenten): JSON over HTTPS with ZGW's JWT,
timeouts, and the server's problem answers (application/problem+json) turned into a `ZgwError`
that people read in their own language with the server's own words."""

import time

import jwt
import requests
from flask_babel import gettext as _

#: Requests of one push share the connection; each has this many seconds to connect.
CONNECT_TIMEOUT = 5
#: The Zaken API asks which coordinate system a geometry is in, also when none is sent.
CRS = "EPSG:4326"


class ZgwError(Exception):
    """The case system refused a request or could not be reached. `message` is for people (in
    their language, with the server's own title, detail and invalid fields); `status` is the HTTP
    status (None when no answer came)."""

    def __init__(self, message, status=None, detail=""):
        super().__init__(message)
        self.message = message
        self.status = status
        #: The server's own words, untranslated: for the audit log.
        self.detail = detail

    def __str__(self):
        return self.message


def _problem_text(response):
    """The server's own title, detail and invalid parameters of a problem answer."""
    try:
        problem = response.json()
    except ValueError:
        return response.text[:300].strip()
    if not isinstance(problem, dict):
        return ""
    parts = [str(problem.get(key) or "").strip() for key in ("title", "detail")]
    parts = [part for index, part in enumerate(parts) if part and part not in parts[:index]]
    for invalid in problem.get("invalidParams") or []:
        if isinstance(invalid, dict):
            parts.append(f"{invalid.get('name', '')}: {invalid.get('reason', '')}".strip(": "))
    return " ".join(parts)[:1000]


def error_for(response):
    """The ZgwError for an answer that is no success."""
    detail = _problem_text(response)
    status = response.status_code
    if status == 401:
        message = _("The case system did not accept Bricoleur's credentials (client id and secret).")
    elif status == 403:
        message = _("The case system does not allow Bricoleur to do this (its authorisations).")
    elif status >= 500:
        message = _("The case system had an error (%(status)s).", status=status)
    else:
        message = _("The case system refused the request (%(status)s).", status=status)
    if detail:
        message += " " + _("Its message: %(detail)s", detail=detail)
    return ZgwError(message, status, detail)


class ZgwClient:
    """Requests to the ZGW APIs with `settings` (`config.ZgwSettings`)."""

    def __init__(self, settings, session=None):
        self.settings = settings
        self.session = session or requests.Session()

    def token(self):
        """ZGW's JWT: HS256 with the client id as issuer and client_identifier."""
        claims = {
            "iss": self.settings.client_id,
            "client_id": self.settings.client_id,
            "client_identifier": self.settings.client_id,
            "iat": int(time.time()),
            "user_id": "bricoleur",
            "user_representation": "Bricoleur",
        }
        return jwt.encode(claims, self.settings.secret, algorithm="HS256")

    def _request(self, method, url, **options):
        headers = {"Authorization": f"Bearer {self.token()}", "Accept": "application/json"}
        headers.update(options.pop("headers", {}))
        try:
            response = self.session.request(
                method,
                url,
                headers=headers,
                timeout=(CONNECT_TIMEOUT, self.settings.timeout),
                allow_redirects=False,
                **options,
            )
        except requests.RequestException as error:
            raise ZgwError(
                _("The case system could not be reached: %(reason)s", reason=type(error).__name__),
                detail=str(error)[:300],
            ) from error
        if not 200 <= response.status_code < 300:
            raise error_for(response)
        try:
            return response.json()
        except ValueError as error:
            raise ZgwError(_("The case system gave an answer Bricoleur does not understand.")) from error

    def get(self, url, params=None):
        return self._request("GET", url, params=params)

    def list_all(self, url, params=None):
        """Every result of a paginated list, following `next`."""
        page = self.get(url, params)
        results = list(page.get("results") or [])
        while page.get("next"):
            page = self.get(page["next"])
            results += page.get("results") or []
        return results

    def create(self, url, data, crs=False):
        """POST `data`; the created object (with its `url`)."""
        headers = {"Content-Type": "application/json"}
        if crs:
            headers["Content-Crs"] = CRS
            headers["Accept-Crs"] = CRS
        created = self._request("POST", url, json=data, headers=headers)
        if not isinstance(created, dict) or not created.get("url"):
            raise ZgwError(_("The case system gave an answer Bricoleur does not understand."))
        return created

    def update(self, url, data, crs=False):
        """PATCH `data` onto the object at `url`."""
        headers = {"Content-Type": "application/json"}
        if crs:
            headers["Content-Crs"] = CRS
            headers["Accept-Crs"] = CRS
        return self._request("PATCH", url, json=data, headers=headers)

    # -- the APIs' resources ----------------------------------------------------------------------

    def zaken(self, resource):
        return f"{self.settings.zaken_api}/{resource}"

    def catalogi(self, resource):
        return f"{self.settings.catalogi_api}/{resource}"

    def documenten(self, resource):
        return f"{self.settings.documenten_api}/{resource}"
