"""Analysis on many cores or machines, through Dask's distributed scheduler.

One machine analyses a few hundred articles a second per core (docs/benchmarks.md). A
backlog of millions, or a corpus re-analysed after a pipeline upgrade, goes faster on
more cores: Kuzet hands batches of article ids to the workers of a Dask cluster
(``distributed``, an existing engine with its own scheduler, nanny processes, retries
and dashboard), each worker reads its articles from the shared database, analyses them
and saves the records itself, so only ids and counts cross the network. The signals are
rebuilt once, here, when every batch is in.

The cluster is either made on this machine (``workers``: that many processes) or an
existing one (``scheduler``: ``tcp://host:8786``, started with ``dask scheduler`` and
``dask worker`` on each machine, every worker with Kuzet installed). Workers on other
machines need a database they can reach: PostgreSQL, not a SQLite file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Any

from kuzet import jobs
from kuzet.annotate.pipeline import Pipeline, check_stage
from kuzet.errors import KuzetError, Report
from kuzet.store import Store


@lru_cache(maxsize=4)
def _worker_store(db: str) -> Store:
    # One store per worker process and database: the engine and its pool outlive a batch.
    return Store(db)


@lru_cache(maxsize=4)
def _worker_pipeline(stages: str) -> Pipeline:
    # The gazetteer and lexicons load once per worker process, not once per batch.
    return Pipeline(stages)


def analyse_batch(db: str, stages: str, ids: Sequence[str]) -> jobs.BatchResult:
    """Analyse stored articles ``ids`` and save their records (runs on a worker)."""
    return jobs.analyse_batch(_worker_store(db), _worker_pipeline(stages), ids)


def _shareable(store: Store, remote: bool) -> str:
    """The database URL workers open; a SQLite file only serves workers on this machine."""
    url = store.url
    if url.get_backend_name() == "sqlite":
        if remote:
            raise KuzetError("K190", store.name, "workers of a remote scheduler cannot reach a "
                             "SQLite file; use PostgreSQL (--db postgresql://...)")
        if url.database and url.database != ":memory:":
            url = url.set(database=os.path.abspath(url.database))
        else:
            raise KuzetError("K190", store.name, "an in-memory database cannot be shared")
    return url.render_as_string(hide_password=False)


@contextmanager
def cluster(workers: int = 0, scheduler: str = "", timeout: float = 30.0) -> Iterator[Any]:
    """A Dask client: of the scheduler at ``scheduler``, or of ``workers`` local processes."""
    try:
        # as Any: distributed ships no type information for mypy --strict to check against
        dask: Any = importlib.import_module("distributed")
    except ImportError as exc:
        raise KuzetError("K190", "distributed", "Dask is not installed: "
                         "pip install 'kuzet[scale]'") from exc
    if scheduler:
        try:
            client = dask.Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise KuzetError("K190", scheduler, f"cannot reach the scheduler: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    # One thread per process: the pipeline is pure Python, so threads would share one core.
    local = dask.LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=":0")  # any free port: runs may overlap
    client = dask.Client(local)
    try:
        yield client
    finally:
        client.close()
        local.close()


def reanalyze(
    client: Any,
    store: Store,
    settings: Mapping[str, Any],
    ids: Sequence[str] | None = None,
    force: bool = False,
    echo: Callable[[str], None] | None = None,
    remote: bool = False,
) -> Report:
    """Analyse stored articles on the cluster behind ``client``, then rebuild the signals.

    The same selection as :func:`kuzet.jobs.reanalyze`: missing or stale analyses (every
    article with ``force``). A failed article is counted and reported by its line; a
    lost worker's batch is rerun by the scheduler.
    """
    as_completed: Any = importlib.import_module("distributed").as_completed
    db = _shareable(store, remote)
    stages = str(settings.get("stages") or "")
    for name in Pipeline(stages).order:  # an unknown stage fails here, before work is sent
        check_stage(name)
    report = Report()
    chosen = jobs.stale_ids(store, force) if ids is None else ids
    size = int(settings.get("batch_size") or 200)
    futures = client.map(partial(analyse_batch, db, stages), jobs.batches(chosen, size),
                         pure=False)
    for future in as_completed(futures):
        result: jobs.BatchResult = future.result()
        result.into(report, echo)
    if report.ok:
        from kuzet.signals import rebuild

        rebuild(store, settings)
    return report
