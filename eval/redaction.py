"""``python -m eval.redaction``: how much of each kind of secret redaction removes, how much
ordinary text it changes, and how long it takes; the redactor of HEAD beside this one.

Secrets are generated with a fixed seed (``--n`` per format): seed phrases of every wordlist
the ``mnemonic`` package ships, wrapped the ways people and attackers write them, and keys in
every format desk/redaction/keys.py knows, inside ordinary sentences. A secret counts as
removed when no four consecutive words of the phrase (characters, for Chinese) and no 12
consecutive characters of the key are left in what would be stored. Ordinary text is
eval/redaction/ordinary_{en,zh}.txt, the held-out realistic messages and the FAQ bodies;
a message counts as a false positive when redaction changes it at all. Writes
eval/redaction/report.json and prints a Markdown table.

The generators are shared with tests/desk/test_redaction_properties.py.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import importlib.util
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from mnemonic import Mnemonic

from desk.redaction import Earlier, chinese, redact
from desk.redaction.chinese import HanChar, chinese_model
from desk.redaction.ed25519 import public_key

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(__file__).resolve().parent / "redaction"
LANGUAGES = sorted(Mnemonic.list_languages())
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

SEPARATORS = [" ", ",", ", ", "/", " / ", "|", " | ", "•", " • ", "·", "_", "-", " - ", "，", "、",
              "\n", "\r\n", "\t", ";", "  ", "\u00a0", "\u200b", " \u200b", "\u200c", "\u200d",
              "\ufeff", "\u3000"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"]
NUMBERINGS = ["{i}. {w}", "{i}) {w}", "{i}、{w}", "{i}-{w}", "#{i} {w}", "{i}:{w}", "({i}) {w}",
              "{i}.{w}", "{i} {w}"]
EN_AROUND = ["here is my seed phrase: {s} can you check my wallet",
             "support asked for my words, {s}, is that ok?",
             "{s}", "wallet backup\n{s}\nthanks", "my recovery phrase is {s}. please help me restore",
             "I can't access my wallet, these are the words {s} what now"]
ZH_AROUND = ["我的助记词是 {s} 帮我看看", "客服让我发助记词：{s}，这样可以吗", "{s}",
             "钱包恢复不了\n{s}\n谢谢", "这是我的钱包备份 {s} 能帮我找回资产吗"]
KEY_AROUND = EN_AROUND[:3] + ZH_AROUND[:2] + ["key: `{s}`", "\"{s}\"", "{s}\n"]


@dataclass
class Case:
    """Messages one user sends (in order) and what must not be left of the secret in them."""

    messages: list[str]
    phrase: list[str] = field(default_factory=list)  # words as written, typos included
    fragments: list[str] = field(default_factory=list)  # key material

    def leaked(self, stored: list[str]) -> bool:
        """Whether any four consecutive phrase words or a 12-character key piece survive."""
        text = _matching_form("\n".join(stored))
        words = [_matching_form(w) for w in self.phrase]
        for i in range(len(words) - 3):
            if re.search(r"[\W\d_]*".join(map(re.escape, words[i:i + 4])), text):
                return True
        for fragment in self.fragments:
            fragment = _matching_form(fragment)
            if any(fragment[i:i + 12] in text for i in range(0, max(1, len(fragment) - 11))):
                return True
        return False


def _matching_form(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)
                                                or c in "\u3099\u309a")).casefold()


# -- seed phrases ----------------------------------------------------------------------------

@cache
def _mnemonic(language: str) -> Mnemonic:
    return Mnemonic(language)


def phrase_words(rng: random.Random, language: str, count: int = 0) -> list[str]:
    """A valid mnemonic of 12, 15, 18, 21 or 24 words (checksum included)."""
    count = count or rng.choice([12, 15, 18, 21, 24])
    entropy = bytes(rng.randrange(256) for _ in range(count * 4 // 3))
    return _mnemonic(language).to_mnemonic(entropy).replace("\u3000", " ").split(" ")


def mistype(rng: random.Random, word: str) -> str:
    """The word with one letter replaced, added, dropped, or two neighbours swapped."""
    i = rng.randrange(len(word))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    kind = rng.choice(["replace", "add", "drop", "swap"] if len(word) > 3 else ["replace", "add"])
    if kind == "replace":
        return word[:i] + (letter if letter != word[i] else "z" if word[i] != "z" else "q") + word[i + 1:]
    if kind == "add":
        return word[:i] + letter + word[i:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if word[i] != word[i + 1] else word + letter


def full_width(text: str) -> str:
    """ASCII letters and digits as their full-width forms."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def insert_zero_width(rng: random.Random, word: str) -> str:
    """The word with a zero-width character inside it."""
    i = rng.randrange(1, len(word)) if len(word) > 1 else 1
    return word[:i] + rng.choice(ZERO_WIDTH) + word[i:]


def join(rng: random.Random, words: list[str], style: str) -> str:
    """Write the words the way ``style`` says."""
    if style == "spaces":
        return " ".join(words)
    if style == "separators":
        return "".join(w + (rng.choice(SEPARATORS) if i < len(words) - 1 else "")
                       for i, w in enumerate(words))
    if style == "numbered":
        pattern, glue = rng.choice(NUMBERINGS), rng.choice([" ", "\n", ", ", "  "])
        return glue.join(pattern.format(i=i, w=w) for i, w in enumerate(words, 1))
    if style == "json":
        return json.dumps(words, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))
    if style == "together":  # Chinese: no separators at all
        return "".join(words)
    if style == "four_together":
        return rng.choice([" ", "  ", "\n", "，"]).join(
            "".join(words[i:i + 4]) for i in range(0, len(words), 4))
    raise ValueError(style)


def phrase_case(rng: random.Random, language: str, style: str = "spaces", count: int = 0,
                typos: int = 0, zero_width: bool = False, wide: bool = False, parts: int = 1,
                keep: int = 0) -> Case:
    """A phrase as one user writes it: in one message or ``parts`` messages."""
    words = phrase_words(rng, language, count)
    if keep:
        words = words[:keep]
    latin = language not in ("chinese_simplified", "chinese_traditional", "japanese", "korean")
    for i in rng.sample(range(1, len(words) - 1), typos) if latin else []:
        words[i] = mistype(rng, words[i])
    if latin and rng.random() < 0.2:
        words = [w.capitalize() for w in words] if rng.random() < 0.5 else [w.upper() for w in words]
    written = [insert_zero_width(rng, w) if zero_width and rng.random() < 0.5 else w for w in words]
    around = ZH_AROUND if language.startswith("chinese") else EN_AROUND
    size = -(-len(written) // parts)
    messages = []
    for start in range(0, len(written), size):
        text = join(rng, written[start:start + size], style)
        messages.append(full_width(text) if wide else text)
    if parts == 1:
        messages = [rng.choice(around).format(s=messages[0])]
    else:
        lead = rng.choice(["", "", "next: ", "part {i}: ", "继续 ", "{i}/3 "])
        messages = [lead.format(i=i) + m for i, m in enumerate(messages, 1)]
    return Case(messages, phrase=words)


# -- keys ------------------------------------------------------------------------------------

def b58encode(data: bytes) -> str:
    """Bitcoin's base58."""
    number, out = int.from_bytes(data, "big"), ""
    while number:
        number, rest = divmod(number, 58)
        out = B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58check(payload: bytes) -> str:
    """Base58 with the double-SHA256 checksum."""
    return b58encode(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])


_EXTENDED_VERSIONS = {"xprv": "0488ade4", "yprv": "049d7878", "zprv": "04b2430c", "Yprv": "0295b005",
                      "Zprv": "02aa7a99", "tprv": "04358394", "uprv": "044a4e28", "vprv": "045f18bc",
                      "Uprv": "024285b5", "Vprv": "02575048"}


def _bytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(n))


def hex_key(rng: random.Random) -> str:
    return ("0x" if rng.random() < 0.3 else "") + _bytes(rng, 32).hex()


def wif(rng: random.Random, testnet: bool = False) -> str:
    compressed = rng.random() < 0.6
    return b58check((b"\xef" if testnet else b"\x80") + _bytes(rng, 32) + (b"\x01" if compressed else b""))


def extended_key(rng: random.Random, prefix: str = "") -> str:
    prefix = prefix or rng.choice(list(_EXTENDED_VERSIONS))
    body = bytes([rng.randrange(4)]) + _bytes(rng, 8) + _bytes(rng, 32) + b"\0" + _bytes(rng, 32)
    return b58check(bytes.fromhex(_EXTENDED_VERSIONS[prefix]) + body)


def solana_keypair(rng: random.Random) -> bytes:
    seed = _bytes(rng, 32)
    return seed + public_key(seed)


def solana_base58(rng: random.Random) -> str:
    return b58encode(solana_keypair(rng))


def solana_bytes(rng: random.Random) -> str:
    numbers = list(solana_keypair(rng))
    return json.dumps(numbers, separators=(",", ":")) if rng.random() < 0.5 else json.dumps(numbers)


def mini_key(rng: random.Random) -> str:
    while True:
        key = "S" + "".join(rng.choice(B58) for _ in range(29))
        if hashlib.sha256(key.encode() + b"?").digest()[0] == 0:
            return key


def keystore(rng: random.Random) -> tuple[str, str]:
    """A version-3 keystore JSON and its ciphertext."""
    ciphertext = _bytes(rng, 32).hex()
    document = {"address": _bytes(rng, 20).hex(), "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
                "version": 3, "crypto": {
                    "cipher": "aes-128-ctr", "ciphertext": ciphertext,
                    "cipherparams": {"iv": _bytes(rng, 16).hex()}, "kdf": "scrypt",
                    "kdfparams": {"dklen": 32, "n": 262144, "p": 1, "r": 8, "salt": _bytes(rng, 32).hex()},
                    "mac": _bytes(rng, 32).hex()}}
    if rng.random() < 0.3:
        document = {"Crypto": document.pop("crypto"), **document}
    return json.dumps(document, indent=rng.choice([None, 2])), ciphertext


def password(rng: random.Random) -> str:
    letters = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz") for _ in range(rng.randrange(5, 9)))
    return letters.capitalize() + str(rng.randrange(10, 9999)) + rng.choice(["", "!", "#", "@"])


def pem(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY",
                       "ENCRYPTED PRIVATE KEY"])
    body = base64.b64encode(_bytes(rng, rng.choice([121, 240, 1190]))).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    ending = f"\n-----END {kind}-----" if rng.random() < 0.8 else ""  # pasted cut short
    return f"-----BEGIN {kind}-----\n{lines}{ending}", body


def key_case(rng: random.Random, key: str, fragments: list[str] | None = None, wide: bool = False) -> Case:
    written = full_width(key) if wide else key
    return Case([rng.choice(KEY_AROUND).format(s=written)], fragments=fragments or [key])


def keystore_case(rng: random.Random) -> Case:
    document, ciphertext = keystore(rng)
    return Case([f"my keystore file:\n{document}"], fragments=[ciphertext])


def keystore_password_case(rng: random.Random) -> Case:
    document, ciphertext = keystore(rng)
    secret = password(rng)
    said = rng.choice(["the password is {p}", "password: {p}", "pwd = {p}", "密码是 {p}", "密码：{p}",
                       "password is \"{p}\""]).format(p=secret)
    if rng.random() < 0.5:
        return Case([f"UTC--2026 keystore:\n{document}\n{said}"], fragments=[ciphertext, secret])
    return Case([f"keystore:\n{document}", said], fragments=[ciphertext, secret])


def pem_case(rng: random.Random) -> Case:
    block, body = pem(rng)
    return Case([rng.choice(["my server key\n{s}", "{s}", "私钥文件内容如下：\n{s}"]).format(s=block)],
                fragments=[body[i:i + 64] for i in range(0, len(body), 64)])


FORMATS: dict[str, Callable[[random.Random], Case]] = {
    "phrase english, spaces": lambda r: phrase_case(r, "english"),
    "phrase english, mixed separators": lambda r: phrase_case(r, "english", "separators"),
    "phrase english, numbered": lambda r: phrase_case(r, "english", "numbered"),
    "phrase english, JSON array": lambda r: phrase_case(r, "english", "json"),
    "phrase english, full-width": lambda r: phrase_case(r, "english", r.choice(["spaces", "numbered"]),
                                                        wide=True),
    "phrase english, zero-width inside words": lambda r: phrase_case(r, "english", zero_width=True),
    "phrase english, one typo": lambda r: phrase_case(r, "english", r.choice(["spaces", "separators"]),
                                                      typos=1),
    "phrase english, two typos": lambda r: phrase_case(r, "english", typos=2),
    "phrase english, first 8 words only": lambda r: phrase_case(r, "english", keep=8),
    "phrase english, 3 messages": lambda r: phrase_case(r, "english", r.choice(["spaces", "separators"]),
                                                        count=12, parts=3),
    "phrase english, 24 words in 4 messages": lambda r: phrase_case(r, "english", count=24, parts=4),
    **{f"phrase {language}": (lambda r, lang=language: phrase_case(
        r, lang, r.choice(["spaces", "separators", "numbered", "json"])))
       for language in LANGUAGES if language not in ("english",)},
    "phrase chinese, no separators": lambda r: phrase_case(
        r, r.choice(["chinese_simplified", "chinese_traditional"]), "together"),
    "phrase chinese, four together": lambda r: phrase_case(r, "chinese_simplified", "four_together"),
    "phrase chinese, numbered": lambda r: phrase_case(r, "chinese_simplified", "numbered"),
    "phrase chinese, 3 messages": lambda r: phrase_case(
        r, "chinese_simplified", r.choice(["spaces", "together"]), count=12, parts=3),
    "hex private key": lambda r: key_case(r, hex_key(r)),
    "WIF key": lambda r: key_case(r, wif(r)),
    "WIF key, testnet": lambda r: key_case(r, wif(r, testnet=True)),
    "xprv / tprv": lambda r: key_case(r, extended_key(r, r.choice(["xprv", "tprv"]))),
    "SLIP-132 yprv zprv Yprv Zprv uprv vprv": lambda r: key_case(
        r, extended_key(r, r.choice(["yprv", "zprv", "Yprv", "Zprv", "uprv", "vprv", "Uprv", "Vprv"]))),
    "key full-width": lambda r: key_case(r, r.choice([wif(r), extended_key(r), hex_key(r)]), wide=True),
    "mini private key": lambda r: key_case(r, mini_key(r)),
    "Solana keypair, base58": lambda r: key_case(r, solana_base58(r)),
    "Solana keypair, id.json bytes": lambda r: key_case(r, solana_bytes(r)),
    "Ethereum keystore JSON": keystore_case,
    "keystore + its password": keystore_password_case,
    "PEM private key": pem_case,
}


# -- ordinary text ---------------------------------------------------------------------------

def read_lines(path: Path) -> list[str]:
    """One message per line; a literal \\n is a line break; # starts a comment line."""
    return [line.replace("\\n", "\n") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def faq_bodies(language: str) -> list[str]:
    """The paragraphs of the FAQ articles' bodies in one language."""
    out = []
    for path in sorted((ROOT / "data" / "faq").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        part = body.split(f"<!-- lang: {language} -->")[1].split("<!-- lang:")[0]
        out += [p.strip() for p in part.split("\n\n") if p.strip()]
    return out


def ordinary_corpora() -> dict[str, list[str]]:
    """Every set of ordinary messages, by name."""
    corpora = {f"ordinary_{lang}": read_lines(CORPUS_DIR / f"ordinary_{lang}.txt") for lang in ("en", "zh")}
    for lang in ("en", "zh"):
        data = yaml.safe_load((ROOT / "eval" / "heldout" / f"realistic_{lang}.yml").read_text("utf-8"))
        corpora[f"realistic_{lang}"] = [e["text"] for e in data["examples"]]
    for lang in ("en", "zh"):
        corpora[f"faq_{lang}"] = faq_bodies(lang)
    return corpora


# -- measuring -------------------------------------------------------------------------------

def store_conversation(redactor, messages: list[str], with_recent: bool) -> list[str]:
    """Send the messages in order, as the hub does, and return what would be stored."""
    stored: list[str] = []
    found: list[tuple[str, ...]] = []
    for text in messages:
        if with_recent:
            result = redactor(text, recent=[Earlier(t, f) for t, f in zip(stored, found, strict=True)])
            for retraction in result.also_redact:
                stored[retraction.index] = retraction.text
                found[retraction.index] = tuple(set(found[retraction.index]) | set(retraction.found))
        else:
            result = redactor(text)
        stored.append(result.text)
        found.append(tuple(result.found))
    return stored


def load_old_redactor():
    """The redactor as committed at HEAD (desk/redaction.py), loaded from git."""
    source = subprocess.run(["git", "show", "HEAD:desk/redaction.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "old_redaction.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_redaction", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_redaction"] = module
    spec.loader.exec_module(module)
    return module.redact


def measure(n: int, seed: int) -> dict:
    """Recall per format, false positives per corpus, and time per message, old and new."""
    old = load_old_redactor()
    report: dict = {"n_per_format": n, "seed": seed, "recall": {}, "false_positives": {}}
    for name, make in FORMATS.items():
        rng = random.Random(f"{seed}:{name}")
        cases = [make(rng) for _ in range(n)]
        report["recall"][name] = {
            "old": sum(not c.leaked(store_conversation(old, c.messages, False)) for c in cases) / n,
            "new": sum(not c.leaked(store_conversation(redact, c.messages, True)) for c in cases) / n,
        }
    corpora = ordinary_corpora()
    for name, texts in corpora.items():
        changed = {"old": [t for t in texts if old(t).text != t],
                   "new": [t for t in texts if redact(t).text != t]}
        report["false_positives"][name] = {
            "messages": len(texts), **{k: len(v) / len(texts) for k, v in changed.items()},
            "new_changed": [t[:160] for t in changed["new"]]}
    # Conversations: five consecutive messages of a corpus from one user, with ``recent``.
    for name, texts in corpora.items():
        if not name.startswith(("ordinary", "realistic")):
            continue
        windows = [texts[i:i + 5] for i in range(len(texts) - 4)]
        changed = sum(store_conversation(redact, w, True) != [redact(t).text for t in w] for w in windows)
        report["false_positives"][name]["conversations"] = len(windows)
        report["false_positives"][name]["new_across_messages"] = changed / len(windows)
    report["chinese_rule"] = chinese_margins(corpora, seed)
    ordinary = [t for name, texts in corpora.items() if name.startswith("ordinary") for t in texts]
    report["speed"] = speed(old, ordinary)
    return report


def chinese_margins(corpora: dict[str, list[str]], seed: int, samples: int = 5000) -> dict:
    """The numbers behind the Chinese rule: how ordinary text and random phrases score.

    For every run of 12 or more wordlist characters in the Chinese corpora, the lowest mean
    score of a 12-character window; for random 12-character phrases written together, the
    share whose score is below the threshold (chinese.PHRASE_SCORE).
    """
    model = chinese_model()
    lowest: list[float] = []
    grouped: list[tuple[float, float]] = []  # (share forming words, mean score)
    for name, texts in corpora.items():
        if name.endswith("_zh"):
            for text in texts:
                for run in model.runs(text):
                    scored = model.char_scores(run)
                    scores = [s for s, _ in scored]
                    if len(run) >= chinese.WINDOW:
                        lowest.append(min(sum(scores[i:i + chinese.WINDOW]) / chinese.WINDOW
                                          for i in range(len(scores) - chinese.WINDOW + 1)))
                    grouped += _small_group_stretches(run, scored)
    rng = random.Random(seed)
    random_scores = []
    for _ in range(samples):
        chars = phrase_words(rng, rng.choice(["chinese_simplified", "chinese_traditional"]), 12)
        run = [HanChar(model.to_simplified[c], 0, i, i + 1, i > 0) for i, c in enumerate(chars)]
        random_scores.append(sum(s for s, _ in model.char_scores(run)) / len(run))
    lowest.sort()
    random_scores.sort()
    four_together = []
    for _ in range(samples // 5):
        chars = phrase_words(rng, "chinese_simplified", 12)
        run = [HanChar(c, 0, i, i + 1, i % 4 != 0) for i, c in enumerate(chars)]
        four_together += _small_group_stretches(run, model.char_scores(run))
    return {
        "ordinary_stretches_of_small_groups": len(grouped),
        "ordinary_small_groups_lowest_share_forming_words": round(min((g[0] for g in grouped), default=1), 3),
        "ordinary_small_groups_lowest_mean_score": round(min((g[1] for g in grouped), default=9), 3),
        "random_four_together_highest_share_forming_words": round(max(g[0] for g in four_together), 3),
        "random_four_together_caught": sum(
            1 for share, mean in four_together
            if share <= chinese.GROUPED_MAX_COVERED or mean < chinese.GROUPED_SCORE) / len(four_together),
        "threshold": chinese.PHRASE_SCORE,
        "ordinary_runs_of_12_or_more": len(lowest),
        "ordinary_lowest_window_scores": [round(x, 3) for x in lowest[:5]],
        "ordinary_windows_below_threshold": sum(1 for x in lowest if x < chinese.PHRASE_SCORE),
        "random_phrases": samples,
        "random_below_threshold": sum(1 for x in random_scores if x < chinese.PHRASE_SCORE) / samples,
        "random_highest_scores": [round(x, 3) for x in random_scores[-5:]],
        "random_median_score": round(statistics.median(random_scores), 3),
    }


def _small_group_stretches(run: list[HanChar], scored: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """For each stretch of 12+ characters in groups of at most four: (share forming words, mean)."""
    out, stretch = [], []
    for start, end in _groups_of(run) + [(0, 99)]:
        if end - start <= 4:
            stretch.append((start, end))
            continue
        if stretch and stretch[-1][1] - stretch[0][0] >= chinese.GROUPED_MIN:
            chars = scored[stretch[0][0]:stretch[-1][1]]
            out.append((sum(1 for _, w in chars if w) / len(chars), sum(s for s, _ in chars) / len(chars)))
        stretch = []
    return out


def _groups_of(run: list[HanChar]) -> list[tuple[int, int]]:
    starts = [i for i, c in enumerate(run) if i == 0 or not c.joined]
    return list(zip(starts, starts[1:] + [len(run)], strict=True))


def speed(old, texts: list[str], rounds: int = 5) -> dict:
    """Median and p95 time per ordinary message, in microseconds, old and new."""
    for text in texts:  # load the wordlists and the Chinese model first
        old(text), redact(text)
    recent = [Earlier(t) for t in texts[:4]]
    timings: dict[str, list[float]] = {"old": [], "new": [], "new_with_4_recent": []}
    calls = {"old": lambda text: old(text), "new": lambda text: redact(text),
             "new_with_4_recent": lambda text: redact(text, recent=recent)}
    for _ in range(rounds):
        for text in texts:
            for key, call in calls.items():
                start = time.perf_counter()
                call(text)
                timings[key].append((time.perf_counter() - start) * 1e6)
    out = {key: {"median_us": statistics.median(v), "p95_us": sorted(v)[int(0.95 * len(v))]}
           for key, v in timings.items()}
    out["ratio_median_new_to_old"] = out["new"]["median_us"] / out["old"]["median_us"]
    return out


def markdown(report: dict) -> str:
    """The report as the Markdown tables the final summary shows."""
    lines = [f"Recall: share of {report['n_per_format']} generated secrets per format removed "
             "(seed {}).".format(report["seed"]), "", "| format | old | new |", "| --- | ---: | ---: |"]
    for name, row in report["recall"].items():
        lines.append(f"| {name} | {row['old']:.1%} | {row['new']:.1%} |")
    lines += ["", "False positives: share of ordinary messages changed.", "",
              "| corpus | messages | old | new | new, 5-message conversations |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for name, row in report["false_positives"].items():
        across = f"{row['new_across_messages']:.1%}" if "new_across_messages" in row else "–"
        lines.append(f"| {name} | {row['messages']} | {row['old']:.1%} | {row['new']:.1%} | {across} |")
    c = report["chinese_rule"]
    lines += ["", f"Chinese without separators: of {c['ordinary_runs_of_12_or_more']} runs of 12+ wordlist "
              f"characters in ordinary Chinese, the lowest 12-character window scores "
              f"{c['ordinary_lowest_window_scores'][0]} (threshold {c['threshold']}); "
              f"{c['random_below_threshold']:.2%} of {c['random_phrases']} random 12-character "
              f"phrases score below it (median {c['random_median_score']}). In groups of at most four "
              f"characters: {c['ordinary_stretches_of_small_groups']} such stretches of 12+ in ordinary "
              f"Chinese, at least {c['ordinary_small_groups_lowest_share_forming_words']:.0%} of their "
              f"characters forming words (rule: at most {chinese.GROUPED_MAX_COVERED:.0%}, or a mean "
              f"score below {chinese.GROUPED_SCORE}, lowest ordinary mean "
              f"{c['ordinary_small_groups_lowest_mean_score']}); random phrases four together caught: "
              f"{c['random_four_together_caught']:.2%}."]
    s = report["speed"]
    lines += ["", "| time per ordinary message | median | p95 |", "| --- | ---: | ---: |"]
    for key in ("old", "new", "new_with_4_recent"):
        lines.append(f"| {key} | {s[key]['median_us']:.0f} µs | {s[key]['p95_us']:.0f} µs |")
    lines.append(f"\nMedian new / old: {s['ratio_median_new_to_old']:.1f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure, print the tables and write eval/redaction/report.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="secrets per format")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--out", type=Path, default=CORPUS_DIR / "report.json")
    args = parser.parse_args(argv)
    report = measure(args.n, args.seed)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
