"""Serving the editor on the reviewer's own machine: loopback only, a fresh token, until Ctrl-C.

:func:`serve` binds 127.0.0.1 (a port the system picks unless one is asked
for), writes the page's address with a fresh secret token as one line,
opens the browser unless told not to, and runs the app with uvicorn until
interrupted; then it waits for the last save.
"""

from __future__ import annotations

import secrets
import socket
import webbrowser
from collections.abc import Callable

from ...errors import AlignkitError
from .session import ReviewSession

#: The only address the editor listens on.
LOOPBACK = "127.0.0.1"
#: How long the last save may take after Ctrl-C (a large workbook takes a while).
FINAL_SAVE_SECONDS = 300.0


def bind(port: int) -> socket.socket:
    """A listening socket on the loopback address (``port`` 0: one the system picks).

    :raises AlignkitError: the port is taken or not allowed.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((LOOPBACK, port))
        sock.listen(64)
    except OSError as error:
        sock.close()
        raise AlignkitError(f"cannot listen on {LOOPBACK}:{port}: {error.strerror or error}; "
                            "give another --port, or none to let the system choose") from None
    return sock


def hosts_for(port: int) -> tuple[str, ...]:
    """The Host headers the app answers to on ``port``."""
    return (f"{LOOPBACK}:{port}", f"localhost:{port}")


def serve(session: ReviewSession, *, port: int = 0, open_browser: bool = True,
          announce: Callable[[str], None] = print, token: str | None = None) -> None:
    """Serve ``session`` until interrupted (Ctrl-C); the page's address goes to ``announce`` first.

    :raises AlignkitError: the port cannot be had.
    """
    import uvicorn

    from .app import create_app

    sock = bind(port)
    port = sock.getsockname()[1]
    token = token or secrets.token_urlsafe(24)
    url = f"http://{LOOPBACK}:{port}/?token={token}"
    app = create_app(session, token, hosts_for(port), port)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            server_header=False, date_header=False, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    announce(url)
    if open_browser:
        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises the Ctrl-C it caught again once it has stopped
        pass
    finally:
        sock.close()
        session.close(FINAL_SAVE_SECONDS)
