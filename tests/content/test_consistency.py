"""Consistency checks on what users read: links that render, one word per thing, 您.

The glossary in ``docs/knowledge-base.md`` is the source: its table says which Chinese word
names each thing and which words must not, and these checks read the table. They cover the
Chinese bodies of the articles, the Chinese responses in ``domain.yml`` and the hub's Chinese
notices; the questions users ask (``questions:``, training data) keep their own words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from actions.knowledge import cross_references, render_body
from hub.texts import TEXTS
from tests.content.sources import LANGS, ROOT, articles, domain_responses

# Ids that are also ordinary words in English prose ("your main account and sub-accounts").
ORDINARY_WORDS = {"sub-accounts"}
# Words in quotation marks are someone else's (a scammer's message), not the desk's voice.
_QUOTED = re.compile(r"「[^」\n]{0,60}」|“[^”\n]{0,60}”|『[^』\n]{0,60}』|\"[^\"\n]{0,60}\"")
_ENGLISH_FIRST_MENU = re.compile(r"\*\*(?:Profile|Assets|Log in|Orders|Futures)\s*→[^*\n]*\*\*")


@lru_cache(maxsize=1)
def glossary() -> list[dict[str, str]]:
    """The rows of the glossary table: concept, English, Chinese, Not in Chinese."""
    text = (ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    section = text[text.index("## Glossary"):]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    table = []
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != len(header):
            break  # the next table (menu names)
        table.append(dict(zip(header, cells, strict=True)))
    return table


def chinese_texts() -> list[tuple[str, str]]:
    """(where, text) for every Chinese text the desk writes itself."""
    texts = [(f"article {a.id}", a.body["zh"]) for a in articles()]
    texts += [(f"article {a.id} title", a.title["zh"]) for a in articles()]
    texts += [(f"domain.yml {name}", text) for name, lang, text in domain_responses() if lang == "zh"]
    texts += [(f"hub/texts.py {key}", variants["zh"]) for key, variants in TEXTS.items()]
    return texts


def _excerpt(text: str, start: int, end: int) -> str:
    return text[max(0, start - 25):end + 25].replace("\n", " ")


def test_the_glossary_names_the_terms_these_checks_enforce():
    chinese = {row["Concept"]: row["Chinese"] for row in glossary()}
    assert chinese["The user's own lock of the account"] == "禁用账户"
    assert chinese["The 24 h / 48 h hold on withdrawals after a credential change"] == "提币限制"
    assert all(row["Chinese"] for row in glossary())


def test_every_cross_reference_is_shown_as_a_title():
    ids = sorted((a.id for a in articles()), key=len, reverse=True)
    raw_id = re.compile(r"(?<![a-z0-9-])(" + "|".join(map(re.escape, ids)) + r")(?![a-z0-9-])")
    raw = []
    for a in articles():
        for lang in LANGS:
            titles = {other.id: other.title[lang] for other in articles()}
            shown = render_body(a, lang, titles)
            for title in titles.values():
                shown = shown.replace(title, "")  # a title may hold a word that is also an id
            for match in raw_id.finditer(shown):
                if not (lang == "en" and match.group(1) in ORDINARY_WORDS):
                    raw.append(f"{a.id} [{lang}]: ...{_excerpt(shown, *match.span())}...")
    assert not raw, "article ids the user would see as slugs:\n" + "\n".join(raw)


def test_every_reference_names_an_article_that_exists():
    ids = {a.id for a in articles()}
    missing = [f"{a.id} [{lang}] -> {ref}"
               for a in articles() for lang in LANGS
               for ref in cross_references(a.body[lang]) if ref not in ids]
    assert not missing, "\n".join(missing)


def test_chinese_addresses_the_user_as_nin():
    found = []
    for where, text in chinese_texts():
        unquoted = _QUOTED.sub("", text)
        for match in re.finditer("你", unquoted):
            found.append(f"{where}: ...{_excerpt(unquoted, *match.span())}...")
    assert not found, "你 where the desk speaks (write 您):\n" + "\n".join(found)


def test_chinese_uses_one_word_per_thing():
    banned = {word.strip(): row["Chinese"] for row in glossary()
              for word in row["Not in Chinese"].split(",") if word.strip()}
    found = []
    for where, text in chinese_texts():
        for word, instead in banned.items():
            for match in re.finditer(re.escape(word), text):
                found.append(f"{where}: '{word}' (write {instead}): ...{_excerpt(text, *match.span())}...")
    assert not found, "\n".join(found)


def test_chinese_menu_paths_put_the_chinese_names_first():
    found = [f"{where}: {match.group(0)}"
             for where, text in chinese_texts() if not where.endswith("title")
             for match in _ENGLISH_FIRST_MENU.finditer(text)]
    assert not found, "menu paths in English first (write 个人中心 → 安全设置 → …):\n" + "\n".join(found)


def test_a_reference_is_not_introduced_twice():
    # "see (see: …)" and "见（参见：…）" read as a stutter once the title is shown.
    doubled = re.compile(r"\b(?:see|follow|read)\s*\(see:|(?:见|请看|按)\s*[（(]\s*(?:参见|见|see)\s*[:：]")
    found = [f"{a.id} [{lang}]: ...{_excerpt(a.body[lang], *m.span())}..."
             for a in articles() for lang in LANGS for m in doubled.finditer(a.body[lang])]
    assert not found, "\n".join(found)
