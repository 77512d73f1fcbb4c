"""General precision rules of the places stage, one parametrised table per rule and language.

Sentences are written for these tests (general language, not copied from any gold text).
"""

from __future__ import annotations

import pytest

from kuzet.annotate.places import make_stage
from kuzet.model import Annotations, Article

STAGE = make_stage()


def run(text: str) -> Annotations:
    art = Article(id="t", text=text, title="")
    return Annotations(**STAGE(art, Annotations()))


def countries(text: str) -> set[str]:
    return {c.code for c in run(text).countries}


def admin1(text: str) -> set[str]:
    return {p.admin1 for p in run(text).places if p.admin1}


# Rule: in cased scripts a country or place name (not a demonym) starts with a capital;
# lowercase homographs are common words ("сонымен қатар" = also, "бир катар" = several).
@pytest.mark.parametrize(
    ("lang", "text", "absent", "present"),
    [
        ("kk", "Сонымен қатар министр жолдарды аралады.", "QA", ""),
        ("kk", "Министр Қатар елшісімен кездесті.", "", "QA"),
        ("ky", "Бир катар аймактарда жамгыр жаады.", "QA", ""),
        ("ky", "Тургундар алтын кенине каршы чыгышты.", "KE", ""),
        ("ky", "Делегация Катар менен келишим түздү.", "", "QA"),
        ("tk", "Bir katar ýaşaýjylar ýygnandy.", "QA", ""),
        ("uz", "Vazir Qatar amiri bilan uchrashdi.", "", "QA"),
        ("en", "The shop sells fine china and turkey meat.", "CN TR", ""),
        ("en", "Officials from China and Iran met.", "", "CN IR"),
        ("ru", "Делегация Катара прибыла в Астану.", "", "QA KZ"),
    ],
)
def test_names_need_a_capital(lang: str, text: str, absent: str, present: str) -> None:
    found = countries(text)
    assert not found & set(absent.split()), lang
    assert set(present.split()) <= found, lang
