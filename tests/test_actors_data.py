"""The actor dictionary: `check()` on shipped and broken data, the build, the reference texts."""

from __future__ import annotations

import importlib.util
import json
import shutil
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

from kuzet.annotate.actors import BUILT, SOURCE_DIR, check, load_built, make_stage, sources_hash
from kuzet.model import Annotations, Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "unrcca-kazakhstan-2023-08-26.ar.txt"
DEV = SHARED / "eval" / "dev" / "news.jsonl"
needs_shared = pytest.mark.skipif(
    not (SHARED / "data" / "cameo").exists(), reason="../shared is not beside the checkout"
)


def build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_actors", ROOT / "scripts" / "build_actors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_data_is_clean() -> None:
    assert check() == []


def test_built_data_matches_sources() -> None:
    assert load_built()["source_hash"] == sources_hash()


@needs_shared
def test_build_reproduces_shipped_file() -> None:
    built = build_module().build(SHARED)
    assert built == json.loads(BUILT.read_text(encoding="utf-8"))


BROKEN = """
[[actor]]
id = "kz.tokayev"
name = "Duplicate"
type = "government"
cameo = "KAZGOV"
names = ["Someone Else"]

[[actor]]
id = "xx.bad"
name = "Bad"
country = "QQ"
type = "wizard"
cameo = "KAZZZZ"
names = ["Q"]
roles = [["Boss", "KZ.emperor", "2020-01-01", "2019-01-01"], ["Bad date", "", "2020-13-01", ""]]

[[actor]]
id = "xx.nameless"
name = "Nameless"
type = "government"
cameo = "KAZGOV"
"""


@pytest.fixture
def broken_source(tmp_path: Path) -> Path:
    src = tmp_path / "source"
    shutil.copytree(SOURCE_DIR, src)
    (src / "zz_broken.toml").write_text(BROKEN, encoding="utf-8")
    return src


@pytest.mark.parametrize(
    "fragment",
    [
        "kz.tokayev: duplicate id",
        "unknown type 'wizard'",
        "unknown country code 'QQ'",
        "unknown CAMEO code 'KAZZZZ'",
        "too short to match safely",
        "unknown office 'KZ.emperor'",
        "ends before it starts",
        "has a bad date",
        "xx.nameless: missing names",
        "built data is older than the source files",
    ],
)
def test_check_reports_problems(broken_source: Path, fragment: str) -> None:
    problems = check(broken_source)
    assert any(fragment in p for p in problems), problems


def test_check_reports_unreadable_file(tmp_path: Path) -> None:
    src = tmp_path / "source"
    src.mkdir()
    (src / "bad.toml").write_text("[[actor]\n", encoding="utf-8")
    assert check(src)[0].startswith("K160")


@pytest.mark.skipif(not SEED.exists(), reason="../shared seed article is absent")
def test_reference_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = Article(id="seed", text=text, published=datetime(2023, 8, 26, 17, 5))
    out = make_stage()(article, Annotations())
    found = {a.id: a for a in out["actors"]}
    for actor_id in ("kz.nurtleu", "igo.imnadze", "kz.tokayev", "kz.tukumov", "igo.unrcca", "igo.un",
                     "kz.kaziss", "igo.dppa"):
        assert actor_id in found, actor_id
    spellings = {a.text for a in out["actors"] if a.id == "kz.nurtleu"}
    assert {"نورتليو", "نورتلو"} <= spellings  # both spellings of the surname
    assert found["kz.nurtleu"].country == found["kz.tokayev"].country == "KZ"
    assert found["kz.tokayev"].role == "President"
    assert found["igo.imnadze"].cameo == "IGOUNO"
    assert {c.code for c in out["countries"]} == {"KZ"}


@pytest.mark.skipif(not DEV.exists(), reason="../shared dev set is absent")
def test_dev_set_country_references_are_precise() -> None:
    stage = make_stage()
    right = wrong = 0
    for line in DEV.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        published = datetime.fromisoformat(gold["published"]) if gold.get("published") else None
        out = stage(Article(id=gold["id"], text=gold["text"], published=published), Annotations())
        codes = {c.code for c in out["countries"]}
        right += len(codes & set(gold["countries"]))
        wrong += len(codes - set(gold["countries"]))
    assert right >= 25
    assert wrong <= 2
