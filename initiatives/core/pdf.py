"""HTML to tagged PDF (PDF/UA-1) with WeasyPrint, fetching nothing from outside the app; and the
answer that hands such a PDF to the browser as a download."""

from pathlib import Path
from urllib.parse import urlsplit

import weasyprint
from flask import Response, current_app, render_template

PRINT_CSS = "css/print.css"


def _static_folder():
    return Path(current_app.static_folder).resolve()


def safe_url_fetcher(url, timeout=10, ssl_context=None):
    """Allow data: URIs and files inside static/; refuse everything else (no network, no other files)."""
    if url.startswith("data:"):
        return weasyprint.default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(parts.path).resolve()
        if path.is_relative_to(_static_folder()) and path.is_file():
            return weasyprint.default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    raise ValueError(f"refused to fetch {url!r} for a PDF")


def render_pdf(template, **context):
    """Render `template` to a tagged PDF/UA-1 document and return its bytes.

    The template sets <html lang> and <title>; WeasyPrint carries both into the PDF.
    """
    html = render_template(template, **context)
    document = weasyprint.HTML(
        string=html, base_url=str(_static_folder()) + "/", url_fetcher=safe_url_fetcher
    )
    stylesheet = weasyprint.CSS(filename=str(_static_folder() / PRINT_CSS), url_fetcher=safe_url_fetcher)
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")


def pdf_response(data, filename):
    """A download of the PDF `data` named `filename`, kept out of every cache."""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
