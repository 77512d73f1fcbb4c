"""Render the fictional Kuzet demo corpus from the authored items in demo/_source/.

The prose is written by hand in ``src/kuzet/data/demo/_source/*.items``; this script only
wraps each item in the form a real source would use (HTML page with boilerplate, RSS or
Atom feed item, plain text like the reference article, JSON Lines record) and writes
``labels.json``. Run: ``.venv/bin/python scripts/build_demo.py``.

Item format: a header line
``=== YYYY-MM-DD HH:MM | lang | outlet | form | story [| flag ...]``
then the title line, then one paragraph per non-empty line. ``form`` is ``html``, ``txt``,
``jsonl``, ``rss:<feed>`` or ``atom:<feed>``; flags are ``enc=<codec>`` (HTML bytes in that
codec), ``caption`` (title repeated inside the body) and ``dup`` (a paragraph repeated).
"""

from __future__ import annotations

import html
import json
import shutil
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "kuzet" / "data" / "demo"
SOURCE = DEMO / "_source"
NOTE = "FICTIONAL DEMO ARTICLE — Kuzet demo corpus"
FEED_NOTE = "FICTIONAL DEMO FEED — Kuzet demo corpus: every item is invented."

# LOCALE: per-language page furniture; real sites put these words around every article.
LANGS: dict[str, dict[str, Any]] = {
    "ru": {"code": "ru", "script": "Cyrl", "html": "ru", "dir": "ltr", "path": "ru",
           "nav": ["Главная", "Политика", "Экономика", "Общество", "Регионы", "В мире"],
           "share": ["Поделиться", "Telegram", "WhatsApp", "Печать"], "print": "Печать",
           "search": "Поиск", "related": "Читайте также", "rights": "Все права защищены.",
           "months": "января февраля марта апреля мая июня июля августа сентября октября "
                     "ноября декабря"},
    "en": {"code": "en", "script": "Latn", "html": "en", "dir": "ltr", "path": "en",
           "nav": ["Home", "Politics", "Economy", "Society", "Regions", "World"],
           "share": ["Share", "Facebook", "X", "Print"], "print": "Print",
           "search": "Search", "related": "Related stories", "rights": "All rights reserved.",
           "months": "January February March April May June July August September October "
                     "November December"},
    "kk": {"code": "kk", "script": "Cyrl", "html": "kk", "dir": "ltr", "path": "kz",
           "nav": ["Басты бет", "Саясат", "Экономика", "Қоғам", "Аймақтар", "Әлем"],
           "share": ["Бөлісу", "Telegram", "WhatsApp", "Басып шығару"],
           "print": "Басып шығару", "search": "Іздеу", "related": "Тағы оқыңыз",
           "rights": "Барлық құқықтар қорғалған.",
           "months": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан "
                     "қараша желтоқсан"},
    "ky": {"code": "ky", "script": "Cyrl", "html": "ky", "dir": "ltr", "path": "kg",
           "nav": ["Башкы бет", "Саясат", "Экономика", "Коом", "Аймактар", "Дүйнө"],
           "share": ["Бөлүшүү", "Telegram", "WhatsApp", "Басып чыгаруу"],
           "print": "Басып чыгаруу", "search": "Издөө", "related": "Дагы окуңуз",
           "rights": "Бардык укуктар корголгон.",
           "months": "январь февраль март апрель май июнь июль август сентябрь октябрь "
                     "ноябрь декабрь"},
    "uz": {"code": "uz", "script": "Latn", "html": "uz-Latn", "dir": "ltr", "path": "oz",
           "nav": ["Bosh sahifa", "Siyosat", "Iqtisodiyot", "Jamiyat", "Hududlar", "Dunyo"],
           "share": ["Ulashish", "Telegram", "Facebook", "Chop etish"], "print": "Chop etish",
           "search": "Qidiruv", "related": "Mavzuga oid",
           "rights": "Barcha huquqlar himoyalangan.",
           "months": "yanvar fevral mart aprel may iyun iyul avgust sentabr oktabr noyabr "
                     "dekabr"},
    "uz-Cyrl": {"code": "uz", "script": "Cyrl", "html": "uz-Cyrl", "dir": "ltr", "path": "uz",
                "nav": ["Бош саҳифа", "Сиёсат", "Иқтисодиёт", "Жамият", "Ҳудудлар", "Дунё"],
                "share": ["Улашиш", "Telegram", "Facebook", "Чоп этиш"], "print": "Чоп этиш",
                "search": "Қидирув", "related": "Мавзуга оид",
                "rights": "Барча ҳуқуқлар ҳимояланган.",
                "months": "январ феврал март апрел май июн июл август сентябр октябр ноябр "
                          "декабр"},
    "tg": {"code": "tg", "script": "Cyrl", "html": "tg", "dir": "ltr", "path": "tj",
           "nav": ["Саҳифаи асосӣ", "Сиёсат", "Иқтисод", "Ҷомеа", "Минтақаҳо", "Ҷаҳон"],
           "share": ["Мубодила", "Telegram", "Facebook", "Чоп кардан"], "print": "Чоп кардан",
           "search": "Ҷустуҷӯ", "related": "Хабарҳои марбут",
           "rights": "Ҳамаи ҳуқуқҳо ҳифз шудаанд.",
           "months": "январ феврал март апрел май июн июл август сентябр октябр ноябр декабр"},
    "tk": {"code": "tk", "script": "Latn", "html": "tk", "dir": "ltr", "path": "tm",
           "nav": ["Baş sahypa", "Syýasat", "Ykdysadyýet", "Jemgyýet", "Welaýatlar", "Dünýä"],
           "share": ["Paýlaş", "Telegram", "Imo", "Çap et"], "print": "Çap et",
           "search": "Gözleg", "related": "Meňzeş habarlar", "rights": "Ähli hukuklar goralandyr.",
           "months": "ýanwar fewral mart aprel maý iýun iýul awgust sentýabr oktýabr noýabr "
                     "dekabr"},
    "fa": {"code": "fa", "script": "Arab", "html": "fa-AF", "dir": "rtl", "path": "dari",
           "nav": ["صفحه اصلی", "سیاست", "اقتصاد", "جامعه", "ولایات", "جهان"],
           "share": ["اشتراک گذاری", "فیسبوک", "تلگرام", "چاپ"], "print": "چاپ",
           "search": "جستجو", "related": "اخبار مرتبط", "rights": "تمام حقوق محفوظ است.",
           "months": "جنوری فبروری مارچ اپریل می جون جولای اگست سپتمبر اکتوبر نومبر دسمبر",
           "days": "دوشنبه سه‌شنبه چهارشنبه پنجشنبه جمعه شنبه یکشنبه"},
    "ps": {"code": "ps", "script": "Arab", "html": "ps", "dir": "rtl", "path": "pashto",
           "nav": ["کور پاڼه", "سیاست", "اقتصاد", "ټولنه", "ولایتونه", "نړۍ"],
           "share": ["شریکول", "فېسبوک", "ټلګرام", "چاپ"], "print": "چاپ",
           "search": "لټون", "related": "اړوند خبرونه", "rights": "ټول حقونه خوندي دي.",
           "months": "جنوري فبروري مارچ اپرېل مۍ جون جولای اګست سپتمبر اکتوبر نومبر دسمبر",
           "days": "دوشنبه سه‌شنبه چهارشنبه پنجشنبه جمعه شنبه یکشنبه"},
    "ar": {"code": "ar", "script": "Arab", "html": "ar", "dir": "rtl", "path": "ar",
           "nav": ["الرئيسية", "سياسة", "اقتصاد", "مجتمع", "آسيا الوسطى", "العالم"],
           "share": ["مشاركة", "فيسبوك", "واتساب", "طباعة"], "print": "طباعة",
           "search": "بحث", "related": "أخبار ذات صلة", "rights": "جميع الحقوق محفوظة.",
           "months": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر "
                     "ديسمبر",
           "days": "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد"},
}

# Fictional outlets modelled on regional ones; .example is a reserved TLD (RFC 2606).
OUTLETS: dict[str, dict[str, Any]] = {
    "kabar": {"domain": "kabar.example", "tz": 6, "country": "KG",
              "name": {"en": "Kabar (demo)", "ru": "Кабар (демо)", "ky": "Кабар (демо)"}},
    "24kg": {"domain": "24kg.example", "tz": 6, "country": "KG",
             "name": {"en": "24.kg (demo)"}},
    "azattyk": {"domain": "azattyk.example", "tz": 6, "country": "KG",
                "name": {"en": "Azattyk (demo)", "ky": "Азаттык (демо)"}},
    "asiaplus": {"domain": "asiaplus.example", "tz": 5, "country": "TJ",
                 "name": {"en": "Asia-Plus (demo)", "ru": "Азия-Плюс (демо)",
                          "tg": "Осиё-Плюс (демо)"}},
    "khovar": {"domain": "khovar.example", "tz": 5, "country": "TJ",
               "name": {"en": "Khovar (demo)", "tg": "Ховар (демо)", "ru": "Ховар (демо)"}},
    "kazinform": {"domain": "kazinform.example", "tz": 5, "country": "KZ",
                  "name": {"en": "Kazinform (demo)", "kk": "Қазинформ (демо)",
                           "ru": "Казинформ (демо)"}},
    "tengri": {"domain": "tengri.example", "tz": 5, "country": "KZ",
               "name": {"en": "Tengri (demo)", "kk": "Тәңірі (демо)", "ru": "Тенгри (демо)"}},
    "uza": {"domain": "uza.example", "tz": 5, "country": "UZ",
            "name": {"en": "UzA (demo)", "uz": "O'zA (demo)", "uz-Cyrl": "ЎзА (демо)",
                     "ru": "УзА (демо)"}},
    "kun": {"domain": "kun.example", "tz": 5, "country": "UZ",
            "name": {"en": "Kun (demo)", "uz": "Kun (demo)", "uz-Cyrl": "Кун (демо)"}},
    "gazetauz": {"domain": "gazeta-uz.example", "tz": 5, "country": "UZ",
                 "name": {"en": "Gazeta.uz (demo)", "ru": "Газета.uz (демо)"}},
    "turkmenportal": {"domain": "turkmenportal.example", "tz": 5, "country": "TM",
                      "name": {"en": "Turkmenportal (demo)", "tk": "Türkmenportal (demo)",
                               "ru": "Туркменпортал (демо)"}},
    "tolo": {"domain": "tolo.example", "tz": 4.5, "country": "AF",
             "name": {"en": "Tolo (demo)", "fa": "طلوع (نمایشی)", "ps": "طلوع (نمایشي)"}},
    "pajhwok": {"domain": "pajhwok.example", "tz": 4.5, "country": "AF",
                "name": {"en": "Pajhwok (demo)", "fa": "پژواک (نمایشی)",
                         "ps": "پژواک (نمایشي)"}},
    "arabasia": {"domain": "arabasia.example", "tz": 3, "country": "EG",
                 "name": {"en": "Arab Asia (demo)", "ar": "آسيا العربية (تجريبي)"}},
    "alwasat": {"domain": "alwasat.example", "tz": 3, "country": "AE",
                "name": {"en": "Al-Wasat (demo)", "ar": "الوسط (تجريبي)"}},
    "steppewire": {"domain": "steppewire.example", "tz": 0, "country": "GB",
                   "name": {"en": "Steppe Wire (demo)"}},
    "timesca": {"domain": "timesca.example", "tz": 6, "country": "KG",
                "name": {"en": "Times of Central Asia (demo)"}},
}

# Invented bylines: no real journalist is named.
AUTHORS: dict[str, list[str]] = {
    "ru": ["Ирина Волкова", "Дмитрий Сорокин", "Анна Ли", "Марат Исаев"],
    "en": ["Sarah Whitfield", "Daniel Okafor", "Laura Brenner", "Tom Hale"],
    "kk": ["Айгүл Серікбаева", "Дәурен Маханов", "Жанар Төлегенова"],
    "ky": ["Бермет Асанова", "Нурбек Таштанов", "Чолпон Кадырова"],
    "uz": ["Nodira Rahimova", "Sardor Qodirov", "Malika Tursunova"],
    "uz-Cyrl": ["Шоҳруҳ Аминов", "Гулноза Эргашева"],
    "tg": ["Фирӯза Саидова", "Суҳроб Шарипов", "Меҳрангез Ҳасанова"],
    "tk": ["Aýgül Orazowa", "Merdan Nurýagdyýew"],
    "fa": ["فرشته نوری", "احمد ضیا رحیمی"],
    "ps": ["نجیب الله ساپی", "ګل مینه احمدزی"],
    "ar": ["سارة المنصوري", "خالد العمري", "ريم حداد"],
}

STORYLINES: dict[str, str] = {
    "border": "Kyrgyz–Tajik border dispute around Batken, Isfara and Vorukh: incidents in "
              "April, deadly clashes peaking on 5 May, ceasefire, talks and a protocol in June.",
    "water": "Dry-season water dispute on the Syr Darya and Amu Darya: low Toktogul and "
             "Kairakkum releases, shortages in Turkistan oblast and Syrdarya region, the Qosh "
             "Tepa canal; farmers' protests and ministerial talks peaking on 21 July.",
    "protest": "Fuel-price protest wave in Mangystau oblast (Zhanaozen, Aktau) in June: "
               "state of emergency, detentions and two deaths, peaking on 11 June.",
    "routine": "Routine diplomacy spread evenly over all months: visits, SCO, CSTO and C5 "
               "meetings, trade agreements, UNRCCA events. Should raise no alert.",
}

CRISES: list[dict[str, Any]] = [
    {"storyline": "border", "countries": ["KG", "TJ"], "admin1": ["KG-B", "TJ-SU"],
     "admin1_names": ["Batken", "Sughd"],
     "start": "2026-04-01", "peak": "2026-05-05", "end": "2026-06-15"},
    {"storyline": "water", "countries": ["KZ", "UZ", "KG", "TJ", "AF"],
     "admin1": ["KZ-61", "UZ-SI", "UZ-QR", "KG-J", "TJ-SU"],
     "admin1_names": ["Turkistan", "Sirdaryo", "Karakalpakstan", "Jalal-Abad", "Sughd"],
     "start": "2026-07-01", "peak": "2026-07-21", "end": "2026-07-31"},
    {"storyline": "protest", "countries": ["KZ"], "admin1": ["KZ-47"],
     "admin1_names": ["Mangystau"],
     "start": "2026-06-02", "peak": "2026-06-11", "end": "2026-06-25"},
]


def _digits(text: str, table: str) -> str:
    """Replace ASCII digits with another digit set."""
    return text.translate(str.maketrans("0123456789", table))


def date_line(lang: str, t: datetime) -> str:
    """The date line as an outlet in that language prints it."""
    loc = LANGS[lang]
    month = loc["months"].split()[t.month - 1]
    hm = f"{t:%H:%M}"
    if lang == "ru" or lang == "kk":
        return f"{t.day} {month} {t.year}, {hm}"
    if lang == "en":
        return f"{month} {t.day}, {t.year} {t:%I:%M %p}"
    if lang == "ky":
        return f"{t.day}-{month}, {t.year}-ж., {hm}"
    if lang == "uz":
        return f"{t.day}-{month}, {t.year}-yil, {hm}"
    if lang == "uz-Cyrl":
        return f"{t.day} {month}, {t.year} йил, {hm}"
    if lang in ("tg", "tk"):
        return f"{t:%d.%m.%Y} {hm}"
    day = loc["days"].split()[t.weekday()]
    if lang == "ar":
        half = "ص" if t.hour < 12 else "م"
        return f"{day} {t.day:02d}/{month}/{t.year} - {(t.hour - 1) % 12 + 1:02d}:{t:%M} {half}"
    return _digits(f"{day}، {t.day} {month} {t.year} - {hm}", "۰۱۲۳۴۵۶۷۸۹")


@dataclass
class Item:
    """One authored article before rendering."""

    local: datetime
    lang: str
    outlet: str
    form: str
    story: str
    flags: dict[str, str]
    title: str
    paras: list[str]
    id: str = ""
    url: str = ""
    author: str = ""

    @property
    def aware(self) -> datetime:
        """Publication time with the outlet's UTC offset."""
        hours = OUTLETS[self.outlet]["tz"]
        return self.local.replace(tzinfo=timezone(timedelta(hours=hours)))

    @property
    def storyline(self) -> str:
        """Storyline id from the story id prefix (B-, W-, P-, R-)."""
        return {"B": "border", "W": "water", "P": "protest", "R": "routine"}[self.story[0]]


def parse_items(path: Path) -> list[Item]:
    """Parse one ``.items`` file."""
    items: list[Item] = []
    for block in path.read_text(encoding="utf-8").split("\n=== ")[1:]:
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        head = [p.strip() for p in lines[0].split("|")]
        flags: dict[str, str] = {}
        for flag in head[5:]:
            key, _, value = flag.partition("=")
            flags[key] = value or "1"
        when = datetime.strptime(head[0], "%Y-%m-%d %H:%M")
        if head[1] not in LANGS or head[2] not in OUTLETS:
            raise SystemExit(f"{path.name}: unknown language/outlet in {lines[0]!r}")
        items.append(Item(when, head[1], head[2], head[3], head[4], flags, lines[1], lines[2:]))
    return items


def assign_ids(items: list[Item]) -> None:
    """Give every item a stable id, URL and fictional byline."""
    seen: set[str] = set()
    for it in sorted(items, key=lambda i: (i.local, i.outlet, i.lang)):
        base = f"{it.outlet}-{it.local:%Y%m%d-%H%M}-{it.lang.lower()}"
        ident, n = base, 1
        while ident in seen:
            n += 1
            ident = f"{base}-{n}"
        seen.add(ident)
        it.id = ident
        dom = OUTLETS[it.outlet]["domain"]
        it.url = f"https://{dom}/{LANGS[it.lang]['path']}/news/{it.local:%Y/%m/%d}/{ident}"
        pool = AUTHORS[it.lang]
        it.author = pool[zlib.crc32(ident.encode()) % len(pool)]


def body_paras(it: Item) -> list[str]:
    """Paragraphs as published, with the caption/duplicate quirks real pages show."""
    paras = list(it.paras)
    if "caption" in it.flags and len(paras) > 2:
        paras.insert(2, it.title)
    if "dup" in it.flags and len(paras) > 1:
        paras.append(paras[0])
    return paras


def related(it: Item, items: list[Item]) -> list[Item]:
    """Up to four earlier items of the same outlet and language, for the related-links box."""
    # Only earlier stories: a page cannot link to what was not yet published.
    pool = [o for o in items if o.outlet == it.outlet and o.lang == it.lang and o.local < it.local]
    pool.sort(key=lambda o: o.local, reverse=True)
    return pool[:4]


def render_html(it: Item, items: list[Item]) -> str:
    """A full news page with navigation, share buttons, related links and footer."""
    lang, out = LANGS[it.lang], OUTLETS[it.outlet]
    e = html.escape
    site = out["name"].get(it.lang, out["name"]["en"])
    charset = it.flags.get("enc", "utf-8")
    nav = "".join(f'<li><a href="/{lang["path"]}/{i}/">{e(w)}</a></li>'
                  for i, w in enumerate(lang["nav"]))
    share = "".join(f'<a class="share" href="#">{e(w)}</a>' for w in lang["share"])
    rel = "".join(f'<li><a href="{e(o.url)}">{e(o.title)}</a></li>' for o in related(it, items))
    paras = "\n".join(f"<p>{e(p)}</p>" for p in body_paras(it))
    iso = it.aware.isoformat()
    return f"""<!DOCTYPE html>
<html lang="{lang['html']}" dir="{lang['dir']}">
<head>
<meta charset="{charset}">
<title>{e(it.title)} | {e(site)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{e(it.paras[0][:160])}">
<meta name="kuzet:fictional" content="true">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(it.title)}">
<meta property="og:url" content="{e(it.url)}">
<meta property="og:site_name" content="{e(site)}">
<meta property="article:published_time" content="{iso}">
<meta name="author" content="{e(it.author)}">
<link rel="canonical" href="{e(it.url)}">
</head>
<body>
<header class="site-header"><a class="logo" href="https://{out['domain']}/">{e(site)}</a>
<nav><ul class="menu">{nav}</ul></nav>
<form class="search"><input type="text" placeholder="{e(lang['search'])}"></form></header>
<main>
<article>
<h1>{e(it.title)}</h1>
<div class="meta"><time datetime="{iso}">{e(date_line(it.lang, it.local))}</time>
<span class="byline">{e(it.author)}</span></div>
<div class="share-top">{share}</div>
<div class="article-body">
{paras}
</div>
<div class="share-bottom">{share}</div>
</article>
<aside class="related"><h3>{e(lang['related'])}</h3><ul>{rel}</ul></aside>
</main>
<footer><p>© 2026 {e(site)}. {e(lang['rights'])}</p>
<p class="fictional">{NOTE}</p></footer>
</body>
</html>
"""


def render_txt(it: Item) -> str:
    """Plain text laid out like the reference article: title, date, author, boilerplate."""
    lang = LANGS[it.lang]
    lines = [it.title, date_line(it.lang, it.local), it.author, lang["print"]]
    lines += body_paras(it)
    lines.append(NOTE)
    return "\n".join(lines) + "\n"


def render_rss(name: str, feed: list[Item]) -> str:
    """An RSS 2.0 file with content:encoded items."""
    e = html.escape
    first = feed[0]
    out, lang = OUTLETS[first.outlet], LANGS[first.lang]
    site = out["name"].get(first.lang, out["name"]["en"])
    parts = []
    for it in sorted(feed, key=lambda i: i.local, reverse=True):
        content = "".join(f"<p>{e(p)}</p>" for p in body_paras(it)) + f"<p>{NOTE}</p>"
        parts.append(f"""<item>
<title>{e(it.title)}</title>
<link>{e(it.url)}</link>
<guid isPermaLink="true">{e(it.url)}</guid>
<pubDate>{format_datetime(it.aware)}</pubDate>
<dc:creator>{e(it.author)}</dc:creator>
<category>fictional</category>
<description>{e(it.paras[0])}</description>
<content:encoded><![CDATA[{content}]]></content:encoded>
</item>""")
    items = "\n".join(parts)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{e(site)} — {e(name)}</title>
<link>https://{out['domain']}/{lang['path']}/</link>
<description>{FEED_NOTE}</description>
<language>{lang['html']}</language>
{items}
</channel>
</rss>
"""


def render_atom(name: str, feed: list[Item]) -> str:
    """An Atom 1.0 file whose entries carry HTML content."""
    e = html.escape
    first = feed[0]
    out, lang = OUTLETS[first.outlet], LANGS[first.lang]
    site = out["name"].get(first.lang, out["name"]["en"])
    newest = max(i.aware for i in feed).isoformat()
    parts = []
    for it in sorted(feed, key=lambda i: i.local, reverse=True):
        content = "".join(f"<p>{e(p)}</p>" for p in body_paras(it)) + f"<p>{NOTE}</p>"
        parts.append(f"""<entry>
<title>{e(it.title)}</title>
<link rel="alternate" href="{e(it.url)}"/>
<id>{e(it.url)}</id>
<published>{it.aware.isoformat()}</published>
<updated>{it.aware.isoformat()}</updated>
<author><name>{e(it.author)}</name></author>
<category term="fictional"/>
<summary>{e(it.paras[0])}</summary>
<content type="html">{e(content)}</content>
</entry>""")
    entries = "\n".join(parts)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang['html']}">
<title>{e(site)} — {e(name)}</title>
<subtitle>{FEED_NOTE}</subtitle>
<link rel="alternate" href="https://{out['domain']}/{lang['path']}/"/>
<id>https://{out['domain']}/{lang['path']}/{e(name)}</id>
<updated>{newest}</updated>
{entries}
</feed>
"""


def record(it: Item) -> dict[str, Any]:
    """A JSON Lines record with the fields ingestion expects."""
    text = "\n\n".join([*body_paras(it), NOTE])
    return {"id": it.id, "url": it.url, "title": it.title, "text": text,
            "published": it.aware.isoformat(), "source": OUTLETS[it.outlet]["domain"],
            "language": LANGS[it.lang]["code"], "fictional": True}


def label(it: Item, file: str, index: int) -> dict[str, Any]:
    """The labels.json entry of one item."""
    lang = LANGS[it.lang]
    return {"file": file, "index": index, "id": it.id, "url": it.url, "form": it.form.split(":")[0],
            "language": lang["code"], "script": lang["script"], "outlet": it.outlet,
            "published": it.aware.isoformat(), "storyline": it.storyline, "story": it.story,
            "title": it.title}


def build(dest: Path = DEMO) -> int:
    """Render every item into ``dest`` and write labels.json; returns the number of items."""
    items: list[Item] = []
    for path in sorted(SOURCE.glob("*.items")):
        items += parse_items(path)
    assign_ids(items)
    for sub in ("html", "feeds", "text", "jsonl"):
        shutil.rmtree(dest / sub, ignore_errors=True)
        (dest / sub).mkdir(parents=True)
    labels: list[dict[str, Any]] = []
    feeds: dict[str, list[Item]] = defaultdict(list)
    wire: list[Item] = []
    for it in sorted(items, key=lambda i: i.id):
        if it.form == "html":
            # Legacy-charset pages write what the charset lacks as &#NNNN; like real sites do.
            enc = it.flags.get("enc", "utf-8")
            name = f"html/{it.id}.html"
            (dest / name).write_bytes(render_html(it, items).encode(enc, "xmlcharrefreplace"))
            labels.append(label(it, name, 0))
        elif it.form == "txt":
            name = f"text/{it.id}.txt"
            (dest / name).write_text(render_txt(it), encoding="utf-8")
            labels.append(label(it, name, 0))
        elif it.form == "jsonl":
            wire.append(it)
        else:
            feeds[it.form].append(it)
    for form, feed in sorted(feeds.items()):
        kind, _, name = form.partition(":")
        fname = f"feeds/{name}.{kind}.xml"
        text = render_rss(name, feed) if kind == "rss" else render_atom(name, feed)
        (dest / fname).write_text(text, encoding="utf-8")
        for idx, it in enumerate(sorted(feed, key=lambda i: i.local, reverse=True)):
            labels.append(label(it, fname, idx))
    wire.sort(key=lambda i: i.local)
    (dest / "jsonl/wire.jsonl").write_text(
        "".join(json.dumps(record(it), ensure_ascii=False) + "\n" for it in wire),
        encoding="utf-8")
    labels += [label(it, "jsonl/wire.jsonl", idx) for idx, it in enumerate(wire)]
    doc = {"fictional": True, "note": NOTE, "storylines": STORYLINES, "crises": CRISES,
           "routine": ["routine"], "items": labels}
    (dest / "labels.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    return len(labels)


if __name__ == "__main__":
    print(f"{build()} items written to {DEMO}")
