"""Scale-out benchmark: re-analysis of a stored corpus in one process and on Dask workers.

Wall-clock seconds (not CPU time: the point is how many cores work at once). The corpus
is the demo corpus stored ``copies`` times under new ids, in a SQLite file (workers on
this machine). What is timed is reading, analysing and saving every article; the signals
rebuild that ``kuzet reanalyze`` runs after it is one process wherever the analysis ran,
so it is timed once, apart.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from kuzet import jobs, scale
from kuzet.annotate.pipeline import PIPELINE_VERSION
from kuzet.demo import corpus_paths
from kuzet.ingest.local import read_paths
from kuzet.model import Article
from kuzet.settings import load
from kuzet.signals import rebuild
from kuzet.store import Store

DEMO = Path(__file__).resolve().parents[1] / "src" / "kuzet" / "data" / "demo"


def _fill(store: Store, copies: int) -> int:
    arts = [a for a in read_paths(corpus_paths(DEMO)) if isinstance(a, Article)]
    n = 0
    for k in range(copies):
        for a in arts:
            # a distinct text per copy, or the store would refuse it as a duplicate
            text = f"{a.text}\n\n({k})"
            store.add_article(replace(a, id=f"{a.id}-{k}", url=None, canonical_url=None,
                                      content_hash="", text=text, paragraphs=(text,)))
            n += 1
    return n


def _warm(db: str, stages: str) -> None:
    scale._worker_pipeline(stages)
    scale._worker_store(db)


def run(copies: int = 12, worker_counts: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """Articles analysed and saved per wall-clock second, in one process and on each worker
    count; the signals rebuild that follows every run is timed apart (it is one process)."""
    conf = {**load(environ={}), "batch_size": 50}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "s.db")) as store:
        n = _fill(store, copies)
        ids = [a.id for a in store.iter_articles()]
        out["articles"] = n
        pipeline = scale._worker_pipeline(str(conf["stages"]))
        start = time.perf_counter()
        for article_id in ids:
            article = store.get_article(article_id)
            assert article is not None
            store.save_analysis(article_id, pipeline.record(article), PIPELINE_VERSION)
        out["one_process"] = round(n / (time.perf_counter() - start), 1)
        start = time.perf_counter()
        rebuild(store, conf)
        out["rebuild_s"] = round(time.perf_counter() - start, 2)
        db = scale._shareable(store, remote=False)
        for w in worker_counts:
            with scale.cluster(workers=w) as client:
                # warm the workers (imports, gazetteer, store) before timing, as a running
                # cluster is
                client.run(_warm, db, str(conf["stages"]))
                start = time.perf_counter()
                futures = client.map(partial(scale.analyse_batch, db, str(conf["stages"])),
                                     jobs.batches(ids, int(conf["batch_size"])), pure=False)
                done = sum(f.result().ok for f in futures)
                out[f"dask_{w}"] = round(done / (time.perf_counter() - start), 1)
    return out


if __name__ == "__main__":
    print(run())
