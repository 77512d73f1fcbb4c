"""Names that are also common words or people's names: one parametrised table per rule.

Sentences are written for these tests (general language, not copied from any gold text).
"""

from __future__ import annotations

import pytest

from kuzet.annotate.places import make_stage
from kuzet.model import Annotations, Article

STAGE = make_stage()


def places(text: str) -> set[str]:
    """Gazetteer ids of the places found in ``text``."""
    ann = Annotations(**STAGE(Article(id="t", text=text, title=""), Annotations()))
    return {p.gazetteer_id or "" for p in ann.places}


SAYAD = "gn:1126266"  # a village in Sar-e Pol, named like Arabic "سيادة" (sovereignty)
MUBOREK = "gn:1216475"  # a town of ~30,000 in Qashqadaryo, named like "مبارك" (blessed)
POP_UZ = "gn:1513023"  # Pop, Namangan, named like Arabic/Persian "باب" (door)


# Rule: Arabic-script names of GeoNames places under gazetteer.LOCAL_POP need local
# context: a place word before (or, in Pashto, after) them, or their province named.
@pytest.mark.parametrize(
    ("lang", "text", "gid", "found"),
    [
        ("ar", "أكد الوفد في أفغانستان على سيادة القانون.", SAYAD, False),
        ("ar", "قال مسؤولون في أفغانستان إن قرية سياد تضررت.", SAYAD, True),
        ("fa", "در افغانستان، روستای سیاد آسیب دید.", SAYAD, True),
        ("fa", "سیلاب در افغانستان سیاد را در سرپل ویران کرد.", SAYAD, True),
        ("fa", "ما در افغانستان سیاد را نمی‌شناسیم.", SAYAD, False),
        ("ps", "د افغانستان د سیاد کلي ته سیلاب ورسید.", SAYAD, True),
        ("ps", "په افغانستان کې سیاد ته سیلاب ورسید.", SAYAD, False),
        ("ar", "أشاد الوفد الأوزبكي بالعمل المبارك في أوزبكستان.", MUBOREK, False),
        ("ar", "زار الوفد مدينة مبارك في أوزبكستان.", MUBOREK, True),
        ("ar", "فتح باب الحوار مع أوزبكستان.", POP_UZ, False),
        ("fa", "ازبکستان باب گفتگو را باز کرد.", POP_UZ, False),
        ("ru", "Делегация Узбекистана посетила Мубарек.", MUBOREK, True),
    ],
)
def test_small_arabic_script_places_need_local_context(
        lang: str, text: str, gid: str, found: bool) -> None:
    assert (gid in places(text)) is found, lang
