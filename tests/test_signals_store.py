"""Signals against a real SQLite store: engine, importers, lifecycle, export, notifications."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kuzet.cli import cli
from kuzet.errors import Report
from kuzet.model import Article
from kuzet.signals import engine, importers, notify, queries
from kuzet.store import Store
from tests.shared import SHARED, needs_shared

FIX = Path(__file__).parent / "fixtures" / "signals"
UCDP = SHARED / "data" / "ucdp"


def _record(aid: str, day: str, types: list[str], killed: int | None = None) -> dict[str, Any]:
    return {
        "id": aid, "title": f"Report {aid}", "paragraphs": [f"Constructed text {aid}."],
        "language": "en", "source": f"src-{aid}", "url": f"https://x.example/{aid}",
        "published": day + "T10:00", "countries": ["KG", "TJ"], "admin1": ["KG-B"],
        "places": [{"gazetteer_id": "v1", "kind": "village", "name": "V"}],
        "actors": [], "themes": [{"id": "border"}], "killed": killed, "event_date": day,
        "events": [{"type": t, "date": day, "quad_class": 1 if t == "CONSULT" else 4,
                    "goldstein": 4.0 if t == "CONSULT" else -10.0, "country": "KG",
                    "killed": killed} for t in types],
    }


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(str(tmp_path / "k.db"))
    yield s
    s.close()


def _add(store: Store, rec: dict[str, Any], settings: dict[str, Any] | None = None
         ) -> dict[str, Any]:
    store.add_article(Article(id=rec["id"], text=rec["paragraphs"][0], title=rec["title"],
                              url=rec["url"]))
    store.save_analysis(rec["id"], rec, "t")
    return engine.update_for_article(store, rec["id"], rec, settings)


def test_incremental_matches_rebuild_and_alerts(store: Store) -> None:
    days = [f"2026-04-{d:02d}" for d in range(1, 29)]
    for i, day in enumerate(days):
        _add(store, _record(f"c{i}", day, ["CONSULT"]))
    other = _record("a0", "2026-04-28", ["PROTEST"])
    other["places"] = [{"gazetteer_id": "v2", "kind": "village", "name": "W"}]
    _add(store, other)  # a second conflict story: the minimum evidence is two stories
    out = _add(store, _record("a1", "2026-04-29", ["ASSAULT", "COERCE"], 5),
               {"_config": {"watchlists": [{"name": "deaths", "event_types": ["ASSAULT"]}]}})
    assert out["alerts"]
    incremental = sorted(json.dumps(r, sort_keys=True) for r in queries.indicator_rows(store))
    summary = engine.rebuild(store)
    assert summary["articles"] == 30
    rebuilt = sorted(json.dumps(r, sort_keys=True) for r in queries.indicator_rows(store))
    assert incremental == rebuilt
    found = queries.list_alerts(store)
    rules = {a["rule"] for a in found}
    assert {"burst", "watchlist"} <= rules
    assert all(a["links"] for a in found)
    burst = next(a for a in found if a["rule"] == "burst")
    assert burst["numbers"]["current"] >= 1 and any(
        link["article_id"] == "a1" for link in burst["links"])


def test_lifecycle_and_export(store: Store, tmp_path: Path) -> None:
    for i in range(3):
        _add(store, _record(f"a{i}", f"2026-05-0{i + 1}", ["ASSAULT", "COERCE"], 2))
    alert = queries.list_alerts(store)[0]
    queries.set_status(store, alert["id"], "acknowledged", "ana")
    queries.set_status(store, alert["id"], "closed", "bo", "resolved")
    again = queries.list_alerts(store, status="closed")[0]
    assert [h["by"] for h in again["history"]] == ["ana", "bo"]
    n = queries.export(store, tmp_path / "i.parquet")
    assert pq.read_table(tmp_path / "i.parquet").num_rows == n > 0
    assert queries.export(store, tmp_path / "i.csv") == n
    levels = queries.risk(store)
    assert {r["key"] for r in levels} == {"KG", "TJ"} or levels


@pytest.mark.parametrize(("kind", "name", "ok", "bad_lines"), [
    ("acled", "acled_sample.csv", 5, [6, 7]),
    ("gdelt", "gdelt_sample.export.CSV", 4, [5, 6]),
])
def test_import_fixtures(store: Store, kind: str, name: str, ok: int,
                         bad_lines: list[int]) -> None:
    report = importers.import_file(store, kind, FIX / name)
    assert report.ok == ok
    assert [int(m.split(":")[1]) for m in report.messages] == bad_lines
    assert importers.counts(store)[{"acled": "acled", "gdelt": "gdelt"}[kind]] == ok


@needs_shared
@pytest.mark.parametrize(("kind", "name", "rows"), [
    ("ucdp-ged", "ged191_schema_sample_BGD_MMR.csv", 200),
    ("ucdp-country-year", "ucdp_organizedviolence_countryyear_v25_1_CA6.csv", 206),
])
def test_import_ucdp(store: Store, kind: str, name: str, rows: int) -> None:
    report = importers.import_file(store, kind, UCDP / name)
    assert report.ok == rows and not report.messages


def test_malformed_csv_row(tmp_path: Path) -> None:
    bad = tmp_path / "a.csv"
    lines = (FIX / "acled_sample.csv").read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:2], "X,2026-01-01", *lines[2:4]]) + "\n",
                   encoding="utf-8")
    report = Report()
    rows = importers.parse("acled", bad, report)
    assert len(rows) == 3 and report.messages[0].startswith(f"K111 {bad}:3:")


class _Hook(BaseHTTPRequestHandler):
    calls: ClassVar[list[bytes]] = []
    fail_first = 1

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).calls.append(body)
        status = 503 if len(type(self).calls) <= type(self).fail_first else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Smtp(socketserver.StreamRequestHandler):
    """The smallest SMTP sink: enough of RFC 5321 for smtplib.send_message."""

    messages: ClassVar[list[str]] = []

    def _say(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        self._say("220 sink")
        while line := self.rfile.readline():
            cmd = line.decode().strip().upper()
            if cmd.startswith(("EHLO", "HELO")):
                self._say("250 sink")
            elif cmd == "DATA":
                self._say("354 go")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk.decode())
                type(self).messages.append("".join(data))
                self._say("250 ok")
            elif cmd == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 ok")


def test_notifications_with_retry() -> None:
    alert = {"id": 7, "rule": "burst", "dimension": "country", "key": "KG\nX", "day": "2026-05-05",
             "numbers": {"ratio": 5.0}, "links": [{"story_id": "s1", "article_id": "a1"}]}
    http = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (http, smtp)]
    for t in threads:
        t.start()
    try:
        settings = {"webhook_url": f"http://127.0.0.1:{http.server_address[1]}/hook",
                    "smtp_host": "127.0.0.1", "smtp_port": smtp.server_address[1],
                    "smtp_to": "desk@example.org", "notify_backoff": 0.0}
        assert notify.webhook(alert, settings) == 2
        assert json.loads(_Hook.calls[-1])["numbers"] == {"ratio": 5.0}
        assert notify.email(alert, settings) == 1
        assert "a1" in _Smtp.messages[-1] and "Subject: Kuzet alert: burst country=KG X" \
            in _Smtp.messages[-1]
    finally:
        for s in (http, smtp):
            s.shutdown()
            s.server_close()


def test_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    with Store(db) as s:
        for i in range(3):
            _add(s, _record(f"a{i}", f"2026-05-0{i + 1}", ["ASSAULT", "COERCE"], 2))
    run = CliRunner().invoke
    out = run(cli, ["stories", "--db", db, "--json"])
    assert out.exit_code == 0
    first = json.loads(out.output.splitlines()[0])
    assert first["articles"][0]["url"].startswith("https://")
    out = run(cli, ["import", "acled", str(FIX / "acled_sample.csv"), "--db", db])
    assert out.exit_code == 0 and "5 events imported, 2 rows skipped" in out.output
    assert run(cli, ["alerts", "list", "--db", db]).exit_code == 0
    assert run(cli, ["alerts", "ack", "1", "--by", "ana", "--db", db]).exit_code == 0
    assert run(cli, ["alerts", "close", "999", "--by", "ana", "--db", db]).exit_code != 0
    assert run(cli, ["export", str(tmp_path / "x.csv"), "--db", db]).exit_code == 0
