"""A geocoder on loopback that answers as PDOK's Locatieserver (`/free`): the tests' addresses, a
place abroad, nothing, an error, or too slowly. It keeps what it was asked."""

import json
import threading
import time

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

#: Address -> the Locatieserver's document for it (its `weergavenaam` and `centroide_ll`).
PLACES = {
    "Marktplein 1, Voorbeeldstad": {
        "weergavenaam": "Marktplein 1, 3511 AA Utrecht",
        "centroide_ll": "POINT(5.1214 52.0907)",
    },
    "Place de la Concorde, Paris": {
        "weergavenaam": "Place de la Concorde",
        "centroide_ll": "POINT(2.3211 48.8656)",
    },
}
SLOW = "Langzame Laan 1"
BROKEN = "Kapotte Kade 1"


class FakeGeocoder:
    def __init__(self):
        self.requests = []
        self.base_url = ""

    @property
    def url(self):
        return f"{self.base_url}/bzk/locatieserver/search/v3_1/free"

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.requests.append({"path": request.path, "args": request.args.to_dict()})
        address = request.args.get("q", "")
        if request.path != "/bzk/locatieserver/search/v3_1/free":
            response = Response("not found", status=404)
        elif address == SLOW:
            time.sleep(2)
            response = Response("{}", mimetype="application/json")
        elif address == BROKEN:
            response = Response("<html>bad gateway</html>", status=502)
        else:
            found = [PLACES[address]] if address in PLACES else []
            answer = {"response": {"numFound": len(found), "start": 0, "docs": found}}
            response = Response(json.dumps(answer), mimetype="application/json")
        return response(environ, start_response)


class RunningGeocoder:
    def __init__(self):
        self.fake = FakeGeocoder()
        self.server = make_server("127.0.0.1", 0, self.fake, threaded=True)
        self.fake.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.fake

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)
