"""The editor's web app: the page, its assets and a small JSON API over a :class:`~.session.ReviewSession`.

Routes (every one behind :class:`Guard`):

* ``GET /`` — the page (``/?token=…`` sets the session's cookie and redirects to ``/``);
* ``GET /static/<name>`` — the page's scripts, styles and icon, from the package's
  ``static/`` folder: only the files found there when the app starts are served;
* ``GET /api/doc`` — the file, its languages and every unit (:meth:`ReviewSession.document`);
* ``GET /api/status`` — the version and where saving stands;
* ``POST /api/op`` — ``{"version": N, "op": NAME, ...}``: one operation
  (:data:`~.session.OPERATIONS`, ``undo``, ``redo``) on version ``N``: 200 and the
  patch; 409 ``{"stale": true}`` when another tab changed the file since version
  ``N``; 422 when the operation does not apply; the message says why;
* ``GET /api/export/tmx`` and ``/api/export/xlsx`` — the units as a file to download
  (409 when they would not pass the check a save makes).

:class:`Guard` refuses, with 403 and one line of text, any request whose
``Host`` is not the app's own address (a DNS-rebinding page reaching for
127.0.0.1 under its own name), whose ``Origin`` is another site's, or that
lacks the session's token: the page and its assets take it from the cookie
set at ``/?token=…``, the API only from the ``X-Alignkit-Token`` header, which
the page's script sends and another site cannot.  Every answer forbids
caching, framing and scripts from anywhere but the app (a Content Security Policy).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ...errors import AlignkitError
from .operations import EditRefused
from .session import ReviewSession, StaleVersion

#: The header the page's script sends the token in.
TOKEN_HEADER = "x-alignkit-token"
#: The largest request body the API takes (an edited sentence, a comment).
MAX_BODY = 1_000_000
#: Where the page's assets are, inside this package.
STATIC_FOLDER = "static"
MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
               ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
                               "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}


def cookie_name(port: int) -> str:
    """The cookie holding the token (cookies are shared by every port of a host: one per port)."""
    return f"alignkit-review-{port}"


def load_assets() -> dict[str, tuple[bytes, str]]:
    """The page's files, by name: their bytes and media type."""
    folder = resources.files(__package__ or "alignkit.review.web") / STATIC_FOLDER
    assets: dict[str, tuple[bytes, str]] = {}
    for entry in folder.iterdir():
        suffix = "." + entry.name.rpartition(".")[2]
        if entry.is_file() and suffix in MEDIA_TYPES:
            assets[entry.name] = (entry.read_bytes(), MEDIA_TYPES[suffix])
    return assets


class Guard:
    """Refuses requests from anywhere but the page the app served (see the module docstring).

    :param hosts: the ``Host`` values the app answers to (``127.0.0.1:8765``, ``localhost:8765``).
    """

    def __init__(self, app: ASGIApp, token: str, hosts: Sequence[str], cookie: str) -> None:
        self.app = app
        self.token = token
        self.hosts = frozenset(host.lower() for host in hosts)
        self.origins = frozenset(f"http://{host}" for host in self.hosts)
        self.cookie = cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(Request(scope))

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        if refusal is not None:
            await PlainTextResponse(f"Forbidden: {refusal}\n", status_code=403)(scope, receive, send_secured)
            return
        await self.app(scope, receive, send_secured)

    def refusal(self, request: Request) -> str | None:
        """Why ``request`` is refused, or None."""
        host = request.headers.get("host", "").lower()
        if host not in self.hosts:
            return f"this is alignkit review at {' or '.join(sorted(self.hosts))}, not {host or 'no host'}"
        origin = request.headers.get("origin")
        if origin is not None and origin.lower() not in self.origins:
            return f"requests from {origin} are not accepted"
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "requests from other sites are not accepted"
        if request.url.path.startswith("/api/"):
            given = request.headers.get(TOKEN_HEADER, "")
        else:
            given = request.query_params.get("token") or request.cookies.get(self.cookie, "")
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return "this alignkit review session needs its token: open the address alignkit printed"
        return None


def create_app(session: ReviewSession, token: str, hosts: Sequence[str], port: int) -> ASGIApp:
    """The app serving ``session`` to the holders of ``token`` at ``hosts``."""
    assets = load_assets()
    cookie = cookie_name(port)

    async def index(request: Request) -> Response:
        if "token" in request.query_params:  # the address alignkit printed: keep the token in a cookie
            response: Response = RedirectResponse("/", status_code=303)
            response.set_cookie(cookie, token, httponly=True, samesite="strict", path="/")
            return response
        page = assets["index.html"][0].decode("utf-8").replace("{{TOKEN}}", token)
        return Response(page, media_type=MEDIA_TYPES[".html"])

    async def static(request: Request) -> Response:
        found = assets.get(request.path_params["name"])
        if found is None or request.path_params["name"] == "index.html":
            return PlainTextResponse("Not found\n", status_code=404)
        return Response(found[0], media_type=found[1])

    async def document(request: Request) -> Response:
        return _json(await run_in_threadpool(session.document))

    async def status(request: Request) -> Response:
        return _json(session.status_json())

    async def operation(request: Request) -> Response:
        body = await _body(request)
        if isinstance(body, Response):
            return body
        version, name = body.get("version"), body.get("op")
        if not isinstance(version, int) or not isinstance(name, str):
            return _error(400, "send {\"version\": N, \"op\": NAME, ...}")
        try:
            patch = await run_in_threadpool(session.apply, version, name, body)
        except StaleVersion as error:
            return _json({"error": str(error), "stale": True, "version": error.current}, 409)
        except EditRefused as error:
            return _error(422, str(error))
        return _json(await run_in_threadpool(session.patch_json, patch))

    async def export(request: Request) -> Response:
        extension = "." + request.path_params["format"]
        try:
            name, data = await run_in_threadpool(session.export, extension)
        except EditRefused as error:
            return _error(404, str(error))
        except AlignkitError as error:
            return _error(409, str(error))
        media = "application/x-tmx+xml" if extension == ".tmx" else \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(data, media_type=media, headers={"content-disposition": _attachment(name)})

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/api/doc", document, methods=["GET"]),
        Route("/api/status", status, methods=["GET"]),
        Route("/api/op", operation, methods=["POST"]),
        Route("/api/export/{format}", export, methods=["GET"]),
    ]
    return Guard(Starlette(routes=routes), token, hosts, cookie)


async def _body(request: Request) -> Mapping[str, Any] | Response:
    """The request's JSON object, or the error response to send."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _error(415, "send JSON (Content-Type: application/json)")
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > MAX_BODY:
            return _error(413, f"a request may hold at most {MAX_BODY:,} bytes")
    try:
        body = json.loads(data)
    except ValueError:
        return _error(400, "the request is not valid JSON")
    if not isinstance(body, dict):
        return _error(400, "send a JSON object")
    return body


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), status_code=status,
                    media_type="application/json")


def _error(status: int, message: str) -> Response:
    return _json({"error": message}, status)


def _attachment(name: str) -> str:
    """A Content-Disposition header for a download named ``name`` (any script: RFC 6266's filename*)."""
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"

