"""Praktijkbank: builds the Dash app and its Flask server, and wires kb, index, the JSON API and pages.

Run `make run` (development server) or `make serve` (gunicorn, see docs/deploy.md).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask
from dash import html

from components import frame, unavailable
from components.i18n import COOKIE, current_lang
from kb import initdb
from kb import settings as settings_mod

ROOT = Path(__file__).resolve().parent
VENDOR_DIR = Path(__import__("flask_bootstrap").__file__).resolve().parent / "static"
BOOTSTRAP_CSS = "/vendor/bootstrap5/css/bootstrap.min.css"
ICONS_CSS = "/vendor/bootstrap5/css/font/bootstrap-icons.min.css"
log = logging.getLogger("praktijkbank")
# Dash's default page wraps its scripts in a <footer>, a second footer landmark beside ours.
INDEX_STRING = """<!DOCTYPE html>
<html>
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div hidden>
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


class PraktijkbankDash(dash.Dash):
    def interpolate_index(self, **kwargs):
        """Set <html lang> to the user's language (screen readers and axe need it)."""
        page = super().interpolate_index(**kwargs)
        return page.replace("<html>", f'<html lang="{current_lang()}">', 1)


def add_vendor_route(server: flask.Flask) -> None:
    """Bootstrap CSS and icons from an installed package: the app requests nothing from other hosts."""

    @server.route("/vendor/<path:filename>")
    def vendor(filename: str):
        response = flask.send_from_directory(VENDOR_DIR, filename, max_age=7 * 24 * 3600)
        return response


def add_served_by(server: flask.Flask) -> None:
    """`X-Served-By: <pid>` on every response: which gunicorn worker answered (operations, tests)."""

    @server.after_request
    def served_by(response):
        response.headers["X-Served-By"] = str(os.getpid())
        return response


def add_outage_handler(server: flask.Flask) -> None:
    """Outside the API (which answers JSON itself): a 503 page while the database is away."""

    @server.errorhandler(unavailable.DOWN_ERRORS[0])
    @server.errorhandler(unavailable.DOWN_ERRORS[1])
    def database_down(exc):
        log.warning("database unavailable: %s", exc)
        if flask.request.path.startswith("/_dash"):
            return flask.jsonify({"error": "database unavailable"}), 503
        return unavailable.html_page(), 503, {"Content-Type": "text/html; charset=utf-8", "Retry-After": "30"}


def layout():
    lang = current_lang()
    return html.Div([
        html.A("Naar de inhoud" if lang == "nl" else "Skip to content", href="#main",
               className="visually-hidden-focusable position-absolute top-0 start-0 p-2 bg-white"),
        frame.top_bar(lang),
        html.Main(dbc.Container(dash.page_container, fluid="lg"), id="main", tabIndex="-1"),
        frame.footer(lang),
    ])


def create_app(settings: settings_mod.Settings | None = None) -> dash.Dash:
    settings = settings or settings_mod.load()
    server = flask.Flask(__name__)
    server.config.update(
        SECRET_KEY=settings.secret_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PRAKTIJKBANK_SETTINGS=settings,
    )
    engine = initdb.init()
    server.config["PRAKTIJKBANK_ENGINE"] = engine
    add_vendor_route(server)
    add_served_by(server)

    from api import register as register_api

    register_api(server)
    __import__("auth").init_app(server)  # accounts, login limits, CSRF checks (auth/)

    from index.runtime import get_index

    get_index(settings.index_dir, engine)  # open, catch up and follow before the first request

    app = PraktijkbankDash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(ROOT / "components" / "pages"),
        external_stylesheets=[BOOTSTRAP_CSS, ICONS_CSS],
        assets_folder=str(ROOT / "components" / "assets"),
        title="Praktijkbank",
        update_title=None,
        suppress_callback_exceptions=True,
        index_string=INDEX_STRING,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        # Plain synchronous views. Dash turns async on by itself when asgiref is importable (the bench's
        # Datasette brings it), and an async page router fails in a thread that runs an event loop.
        use_async=False,
    )
    app.layout = layout
    for page in dash.page_registry.values():
        page["layout"] = unavailable.guard(page["layout"])
    add_outage_handler(server)
    app.clientside_callback(
        f"""function(n) {{
            if (!n) {{ return window.dash_clientside.no_update; }}
            const btn = document.getElementById('lang-switch');
            document.cookie = '{COOKIE}=' + btn.dataset.lang + '; path=/; max-age=31536000; SameSite=Lax';
            window.location.reload();
            return window.dash_clientside.no_update;
        }}""",
        dash.Output("lang-switch", "n_clicks"),
        dash.Input("lang-switch", "n_clicks"),
        prevent_initial_call=True,
    )
    return app


def create_server() -> flask.Flask:
    """Entry point for gunicorn: `gunicorn 'app:create_server()'`."""
    return create_app().server


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    cfg = settings_mod.load()
    application = create_app(cfg)
    log.info("Praktijkbank op http://%s:%s", cfg.host, cfg.port)
    application.run(host=cfg.host, port=cfg.port, debug=False)
