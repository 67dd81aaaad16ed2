"""alignkit review's web app: its API, what it refuses (no token, a wrong token, a foreign Host or Origin,
a path outside its assets), and the ``review`` command around it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")

import httpx2  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from lxml import etree  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from alignkit.cli import cli  # noqa: E402
from alignkit.pipeline import read_alignment_file  # noqa: E402
from alignkit.review.web import open_session  # noqa: E402
from alignkit.review.web.app import TOKEN_HEADER, cookie_name, create_app, load_assets  # noqa: E402
from alignkit.review.web.server import hosts_for  # noqa: E402
from alignkit.review.web.session import ReviewSession  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
TOKEN = "s3cret-token"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def session(workbook: Path) -> Iterator[ReviewSession]:
    opened = open_session(workbook)
    yield opened
    opened.close(60)


@pytest.fixture
def client(session: ReviewSession) -> TestClient:
    """A browser on the app's own address, holding no token yet."""
    return TestClient(create_app(session, TOKEN, hosts_for(PORT), PORT), base_url=BASE, follow_redirects=False)


def cookie(token: str = TOKEN) -> dict[str, str]:
    """The header a browser sends with the session's cookie."""
    return {"cookie": f"{cookie_name(PORT)}={token}"}


def api(client: TestClient, method: str, path: str, body: object = None, **headers: str) -> httpx2.Response:
    """A request from the app's own script: the token in its header."""
    return client.request(method, path, json=body, headers={TOKEN_HEADER: TOKEN, **headers})


def operate(client: TestClient, version: int, op: str, **params: object) -> dict[str, Any]:
    response = client.post("/api/op", json={"version": version, "op": op, **params}, headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


# ----------------------------------------------------------------- the page and the API


def test_the_printed_address_sets_the_cookie_and_serves_the_page(client: TestClient) -> None:
    response = client.get(f"/?token={TOKEN}")
    assert response.status_code == 303 and response.headers["location"] == "/"
    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith(f"{cookie_name(PORT)}={TOKEN}")
    assert "HttpOnly" in set_cookie and "SameSite=strict" in set_cookie
    page = client.get("/", headers=cookie())
    assert page.status_code == 200 and f'content="{TOKEN}"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"
    for name in ("app.js", "style.css", "icon.svg"):
        asset = client.get(f"/static/{name}", headers=cookie())
        assert asset.status_code == 200 and asset.content == load_assets()[name][0]


def test_the_document_and_status(client: TestClient, session: ReviewSession) -> None:
    document = api(client, "GET", "/api/doc").json()
    assert document["version"] == 1 and document["langs"] == ["en", "zh", "ru"]
    assert document["name"] == "S/2017/613" and document["signature"].startswith("alignkit:")
    assert len(document["units"]) == len(session.units)
    unit = document["units"][13]
    assert unit["type"] == "2-1-2" and [s["text"] for s in unit["cells"]["zh"]] == [session.units[13].text("zh")]
    status = api(client, "GET", "/api/status").json()
    assert status == {"version": 1, "saved": 1, "saving": False, "error": "", "units": len(session.units)}


def test_operations_return_patches_and_are_saved(client: TestClient, session: ReviewSession, workbook: Path) -> None:
    patch = operate(client, 1, "merge", at=0)
    assert (patch["version"], patch["start"], patch["removed"], len(patch["units"])) == (2, 0, 2, 1)
    patch = operate(client, 2, "split", at=0, cuts={"en": 1, "zh": 1, "ru": 1})
    assert (patch["start"], patch["removed"], len(patch["units"])) == (0, 1, 2)
    operate(client, 3, "move", at=14, lang="ru", direction=-1)
    operate(client, 4, "status", at=2, stop=5, status="confirmed")
    operate(client, 5, "comment", at=2, comment="checked")
    operate(client, 6, "undo")
    patch = operate(client, 7, "redo")
    assert patch["can_undo"] is True and patch["can_redo"] is False
    assert session.flush(60)
    assert api(client, "GET", "/api/status").json()["saved"] == 8
    units = read_alignment_file(workbook).alignment.units
    assert [unit.status for unit in units[2:5]] == ["confirmed"] * 3 and units[2].comment == "checked"


def test_a_stale_tab_is_refused_with_409(client: TestClient) -> None:
    operate(client, 1, "status", at=0, status="confirmed")
    response = api(client, "POST", "/api/op", {"version": 1, "op": "merge", "at": 0})
    assert response.status_code == 409
    body = response.json()
    assert body["stale"] is True and body["version"] == 2 and "another tab" in body["error"]


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"version": 1, "op": "merge", "at": 999}, 422, "there is no unit 1000"),
    ({"version": 1, "op": "explode", "at": 0}, 422, "unknown operation"),
    ({"version": 1, "op": "move", "at": 1, "lang": "ru"}, 422, "whole number 'direction'"),
    ({"op": "merge", "at": 0}, 400, "version"),
    ([1, 2], 400, "JSON object"),
])
def test_bad_operations_are_refused_with_a_message(client: TestClient, body: object, status: int,
                                                   message: str) -> None:
    response = api(client, "POST", "/api/op", body)
    assert response.status_code == status and message in response.json()["error"]


def test_a_body_that_is_not_json_or_too_large_is_refused(client: TestClient) -> None:
    headers = {TOKEN_HEADER: TOKEN}
    assert client.post("/api/op", content=b"version=1", headers=headers).status_code == 415
    assert client.post("/api/op", content=b"{", headers={**headers, "content-type": "application/json"}
                       ).status_code == 400
    huge = json.dumps({"version": 1, "op": "comment", "at": 0, "comment": "x" * 1_100_000})
    assert client.post("/api/op", content=huge, headers={**headers, "content-type": "application/json"}
                       ).status_code == 413


def test_export_downloads_a_valid_tmx_and_a_workbook(client: TestClient, tmp_path: Path) -> None:
    operate(client, 1, "merge", at=0)
    response = api(client, "GET", "/api/export/tmx")
    assert response.status_code == 200
    assert 'filename="S-2017-613.tmx"' in response.headers["content-disposition"]
    dtd = etree.DTD(str(Path(__file__).parent / "data" / "tmx14b.dtd"))
    assert dtd.validate(etree.fromstring(response.content))
    workbook = api(client, "GET", "/api/export/xlsx")
    saved = tmp_path / "exported.xlsx"
    saved.write_bytes(workbook.content)
    assert len(read_alignment_file(saved).alignment.units) == 36
    assert api(client, "GET", "/api/export/csv").status_code == 404


# ----------------------------------------------------------------- what is refused


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/api/doc", "/api/status", "/api/export/tmx"])
def test_no_token_is_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 403 and "needs its token" in response.text
    assert "content-security-policy" in response.headers


@pytest.mark.parametrize("path", ["/?token=wrong", "/static/app.js?token=s3cret", "/api/doc"])
def test_a_wrong_token_is_refused(client: TestClient, path: str) -> None:
    response = client.get(path, headers={TOKEN_HEADER: "s3cret-tokem", **cookie("s3cret")})
    assert response.status_code == 403


def test_the_api_takes_the_token_from_its_header_only(client: TestClient) -> None:
    """A cookie is sent by the browser whoever asks; the header only by the app's own script."""
    assert client.get("/api/doc", headers=cookie()).status_code == 403
    assert client.get(f"/api/doc?token={TOKEN}").status_code == 403
    assert client.post("/api/op", json={"version": 1, "op": "merge", "at": 0}, headers=cookie()).status_code == 403


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1",
                                  f"localhost.evil.example:{PORT}", ""])
def test_a_foreign_host_is_refused_even_with_the_token(client: TestClient, host: str) -> None:
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1."""
    response = api(client, "GET", "/api/doc", host=host)
    assert response.status_code == 403
    response = client.get(f"/?token={TOKEN}", headers={"host": host})
    assert response.status_code == 403


@pytest.mark.parametrize("origin", ["http://evil.example", f"http://127.0.0.1:{PORT + 1}", "null",
                                    f"https://127.0.0.1:{PORT}"])
def test_a_foreign_origin_is_refused(client: TestClient, origin: str) -> None:
    response = api(client, "POST", "/api/op", {"version": 1, "op": "merge", "at": 0}, origin=origin)
    assert response.status_code == 403


def test_the_apps_own_origin_and_localhost_are_accepted(client: TestClient) -> None:
    assert api(client, "GET", "/api/status", origin=BASE).status_code == 200
    assert api(client, "GET", "/api/status", host=f"localhost:{PORT}").status_code == 200


def test_a_cross_site_request_is_refused(client: TestClient) -> None:
    response = api(client, "GET", "/api/status", **{"sec-fetch-site": "cross-site"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", [
    "/static/../session.py", "/static/%2e%2e/session.py", "/static/..%2fapp.py", "/static/index.html",
    "/static/", "/static/nothing.js", "/app.py", "/etc/passwd", "/static//etc/passwd", "/review/web/app.py",
    "/static/%2e%2e%2f%2e%2e%2f__init__.py",
])
def test_nothing_beyond_the_assets_is_served(client: TestClient, path: str) -> None:
    response = client.get(path, headers={TOKEN_HEADER: TOKEN, **cookie()})
    assert response.status_code in (403, 404), response.text
    assert b"import" not in response.content and b"root:" not in response.content


def test_other_methods_are_refused(client: TestClient) -> None:
    assert api(client, "DELETE", "/api/doc").status_code == 405
    assert api(client, "GET", "/api/op").status_code == 405


# ----------------------------------------------------------------- the command


def test_review_serves_on_loopback_prints_the_address_first_and_saves_on_ctrl_c(workbook: Path) -> None:
    import os
    import signal
    import urllib.request

    process = subprocess.Popen([sys.executable, "-m", "alignkit", "review", str(workbook), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        base, token = url.split("/?token=")
        request = urllib.request.Request(f"{base}/api/op", method="POST", headers={
            TOKEN_HEADER: token, "Content-Type": "application/json"},
            data=json.dumps({"version": 1, "op": "status", "at": 0, "status": "confirmed"}).encode())
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.load(response)["version"] == 2
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert f"saved {workbook}" in stderr and "Traceback" not in stderr
    assert read_alignment_file(workbook).alignment.units[0].status == "confirmed"


def test_review_refuses_a_file_it_cannot_open_with_one_error_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    result = CliRunner().invoke(cli, ["review", str(broken), "--no-browser"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1


def test_review_refuses_a_file_that_is_also_a_glossary(tmp_path: Path) -> None:
    glossary = tmp_path / "terms.csv"
    glossary.write_text("id,en,zh\nkp,Korean Peninsula,朝鲜半岛\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(glossary), "-g", str(glossary), "--no-browser"])
    assert result.exit_code == 2 and "would overwrite the input" in result.stderr


def test_review_without_its_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch, workbook: Path) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    result = CliRunner().invoke(cli, ["review", str(workbook), "--no-browser"])
    assert result.exit_code == 2 and "pip install 'alignkit[review]'" in result.stderr


def test_a_port_in_use_is_one_error_line(workbook: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["review", str(workbook), "--no-browser", "--port", str(port)])
    assert result.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
