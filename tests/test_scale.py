"""Analysis on a Dask cluster (kuzet.scale): real worker processes, a real store.

The cluster is made on this machine (two processes), so the test needs no network; the
store is SQLite and, when KUZET_TEST_PG_URL is set, PostgreSQL too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kuzet import jobs, scale
from kuzet.annotate.pipeline import PIPELINE_VERSION
from kuzet.cli import cli
from kuzet.demo import corpus_paths
from kuzet.errors import KuzetError
from kuzet.ingest.local import read_paths
from kuzet.model import Article
from kuzet.settings import load
from kuzet.store import Store
from kuzet.store.tables import analyses
from tests.test_store_backends import BACKENDS, backend_url

pytest.importorskip("distributed")

SOME = 24  # demo articles: enough for several batches per worker
DEMO = Path(__file__).resolve().parents[1] / "src" / "kuzet" / "data" / "demo"


def _fill(store: Store, n: int) -> None:
    arts = [a for a in read_paths(corpus_paths(DEMO)) if isinstance(a, Article)][:n]
    for art in arts:
        store.add_article(art)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with scale.cluster(workers=2) as c:
        yield c


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for url in backend_url(request.param, tmp_path):
        with Store(url) as s:
            _fill(s, SOME)
            yield s


def _analyses(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(analyses.c.article_id, analyses.c.version)).all()
    return sorted((str(a), str(v)) for a, v in rows)


def test_cluster_analyses_every_article_once_as_one_process_does(
        client: Any, store: Store, tmp_path: Path) -> None:
    conf = {**load(environ={}), "batch_size": 5}
    ids = sorted(a.id for a in store.iter_articles())
    assert len(ids) >= 10
    report = scale.reanalyze(client, store, conf)
    assert (report.ok, dict(report.rejected)) == (len(ids), {})
    assert _analyses(store) == [(i, PIPELINE_VERSION) for i in ids]
    on_cluster = {i: store.get_analysis(i) for i in ids}
    # the same records as the single-process job writes
    assert jobs.reanalyze(store, conf, force=True).ok == len(ids)
    assert {i: store.get_analysis(i) for i in ids} == on_cluster
    assert scale.reanalyze(client, store, conf).ok == 0  # nothing stale is left
    with store.engine.connect() as conn:  # the signals were rebuilt from the records
        assert conn.execute(sa.text("SELECT count(*) FROM stories")).scalar_one() > 0


def test_a_missing_article_is_one_line_and_the_batch_goes_on(client: Any, store: Store) -> None:
    ids = [a.id for a in store.iter_articles()][:3]
    lines: list[str] = []
    report = scale.reanalyze(client, store, {**load(environ={}), "batch_size": 10},
                             ids=[ids[0], "no-such-id", *ids[1:]], echo=lines.append)
    assert report.ok == 3
    assert dict(report.rejected) == {"K150": 1}
    assert lines == ["K150 no-such-id: no stored article with this id"]


def test_remote_workers_cannot_share_a_sqlite_file(tmp_path: Path) -> None:
    with Store(str(tmp_path / "k.db")) as s, pytest.raises(KuzetError) as err:
        scale.reanalyze(None, s, load(environ={}), ids=["x"], remote=True)
    assert err.value.code == "K190" and "PostgreSQL" in err.value.reason


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["reanalyze", "--db", str(tmp_path / "k.db"),
                                      "--scheduler", "tcp://127.0.0.1:9"], obj={},
                                env={"KUZET_SCHEDULER_TIMEOUT": "1"})
    assert result.exit_code != 0
    assert "K190 tcp://127.0.0.1:9: cannot reach the scheduler" in result.output


def test_cli_runs_on_local_workers(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    with Store(db) as s:
        _fill(s, 6)
    result = CliRunner().invoke(cli, ["reanalyze", "--db", db, "--workers", "2"], obj={})
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "6 analysed", result.output


@given(st.lists(st.text(max_size=3), max_size=40), st.integers(min_value=-2, max_value=12))
def test_batches_keep_every_id_in_order(ids: list[str], size: int) -> None:
    cut = jobs.batches(ids, size)
    assert [i for b in cut for i in b] == ids
    assert all(0 < len(b) <= max(1, size) for b in cut)


def test_an_unknown_stage_is_refused_before_work_is_sent(tmp_path: Path) -> None:
    with Store(str(tmp_path / "k.db")) as s, pytest.raises(KuzetError) as err:
        scale.reanalyze(None, s, {**load(environ={}), "stages": "places,nonsense"}, ids=["x"])
    assert err.value.code == "K170" and "nonsense" in err.value.reason
