"""Scale-out benchmark: re-analysis of a stored corpus in one process and on Dask workers.

Wall-clock seconds (not CPU time: the point is how many cores work at once). The corpus
is the demo corpus stored ``copies`` times under new ids, in a SQLite file (workers on
this machine); the signals rebuild at the end is included, as a user waits for it too.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from kuzet import jobs, scale
from kuzet.demo import corpus_paths
from kuzet.ingest.local import read_paths
from kuzet.model import Article
from kuzet.settings import load
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


def run(copies: int = 4, worker_counts: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """Articles per wall-clock second: one process, then each worker count on Dask."""
    conf = {**load(environ={}), "batch_size": 50}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "s.db")) as store:
        n = _fill(store, copies)
        out["articles"] = n
        start = time.perf_counter()
        jobs.reanalyze(store, conf, force=True)
        out["one_process"] = round(n / (time.perf_counter() - start), 1)
        for w in worker_counts:
            with scale.cluster(workers=w) as client:
                # warm the workers (imports, gazetteer) before timing, as a running cluster is
                client.run(lambda: scale._worker_pipeline(str(conf["stages"])))
                start = time.perf_counter()
                report = scale.reanalyze(client, store, conf, force=True)
                out[f"dask_{w}"] = round(report.ok / (time.perf_counter() - start), 1)
    return out


if __name__ == "__main__":
    print(run())
