"""Pull the details the flows ask for out of a message's text.

These extractors are rules, not a trained model: coins and networks come from the
network catalog, hashes and durations have fixed shapes, and the answers to "what do you
still have access to" are few. The Rasa component in ``rasa_addons.entities`` turns their
results into entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desk.networks import NetworkCatalog, load_networks
from desk.tx_hash import find_hash_candidate


@dataclass(frozen=True)
class Entity:
    """One extracted value and where it was found in the text."""

    entity: str
    value: str
    start: int
    end: int


def extract_entities(text: str, catalog: NetworkCatalog | None = None) -> list[Entity]:
    """Return the coin, network, tx_hash, elapsed_minutes, access and deposit_problem found.

    Spans point at the words that gave the value away, so conversation tests can
    annotate them; ``access`` covers the whole message, since it is read from its clauses.
    """
    catalog = catalog or load_networks()
    found: list[Entity] = []
    tx_hash = find_hash_candidate(text)
    # Hashes are hex and base58 soup: look for everything else in the rest only.
    rest = text.replace(tx_hash, " " * len(tx_hash)) if tx_hash else text
    if tx_hash:
        start = text.find(tx_hash)
        found.append(Entity("tx_hash", tx_hash, start, start + len(tx_hash)))
    network = catalog.find_network_span(rest)
    coin = catalog.find_coin_span(rest)
    if network and coin and coin[1] < network[2] and network[1] < coin[2]:
        # "ETH" or "SOL" name a coin and a network at once: it is the coin, and the
        # deposit form fills the network when the coin has only one. A longer alias
        # ("sol链", "bitcoin network") does name the network.
        if network[2] - network[1] > coin[2] - coin[1]:
            coin = None
        else:
            network = None
    if network:
        found.append(Entity("network", network[0].code, network[1], network[2]))
    if coin:
        found.append(Entity("coin", coin[0], coin[1], coin[2]))
    elapsed = parse_elapsed_span(rest)
    if elapsed:
        found.append(Entity("elapsed_minutes", str(elapsed[0]), elapsed[1], elapsed[2]))
    access = parse_access(rest)
    if access:
        found.append(Entity("access", access, 0, len(text)))
    problem = parse_deposit_problem_span(rest)
    if problem:
        found.append(Entity("deposit_problem", problem[0], problem[1], problem[2]))
    return found


_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "few": 3, "couple of": 2, "several": 3,
}
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9, "几": 3}
_UNIT_MINUTES = {"min": 1, "minute": 1, "m": 1, "mins": 1, "minutes": 1, "hour": 60, "hr": 60,
                 "h": 60, "hrs": 60, "hours": 60, "day": 1440, "days": 1440, "d": 1440,
                 "week": 10080, "weeks": 10080, "分钟": 1, "分": 1, "小时": 60, "钟头": 60,
                 "天": 1440, "日": 1440, "周": 10080, "星期": 10080, "礼拜": 10080}

# Digits may take a one-letter unit ("40m", "2h"); number words need a whole unit word, so
# "I am" is never read as "a m(inute)".
_EN_DURATION = re.compile(
    r"(?<![\w.])(?:(?P<num>\d+(?:\.\d+)?)\s*(?P<half>and a half\s*)?"
    r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?)"
    r"|(?P<wnum>an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|few|couple of|several)\s+(?P<whalf>and a half\s+)?"
    r"(?P<wunit>minutes?|mins?|hours?|hrs?|days?|weeks?))\b",
    re.IGNORECASE,
)
_ZH_DURATION = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|[零一二两俩三四五六七八九十几]+)\s*(?P<ge>个)?(?P<half>半)?\s*"
    r"(?P<unit>分钟|小时|钟头|天|星期|礼拜|周|分)(?P<half2>半)?"
)


def _zh_number(text: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return float((_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0)))
    if len(text) == 1 and text in _ZH_DIGITS:
        return float(_ZH_DIGITS[text])
    return None


def parse_elapsed_minutes(text: str) -> int | None:
    """Return how long ago the user says something happened, in minutes, if they say."""
    span = parse_elapsed_span(text)
    return span[0] if span else None


def parse_elapsed_span(text: str) -> tuple[int, int, int] | None:
    """Return (minutes, start, end) of the duration the text mentions, if any."""
    lowered = text.lower()
    match = _ZH_DURATION.search(text)
    if match:
        number = _zh_number(match.group("num"))
        if number is not None:
            if match.group("half") or match.group("half2"):
                number += 0.5
            return int(number * _UNIT_MINUTES[match.group("unit")]), match.start(), match.end()
    # After the numbered forms, so "一个半小时" is 90 minutes, not 30.
    match = re.search(r"半\s*(个)?\s*小时|half an hour|half hour", lowered)
    if match:
        return 30, match.start(), match.end()
    match = _EN_DURATION.search(lowered)
    if match:
        raw = match.group("num") or match.group("wnum")
        number = float(raw) if raw[0].isdigit() else float(_EN_NUMBERS[raw])
        if match.group("half") or match.group("whalf"):
            number += 0.5
        unit = match.group("unit") or match.group("wunit")
        minutes = int(number * _UNIT_MINUTES.get(unit, _UNIT_MINUTES.get(unit.rstrip("s"), 1)))
        return minutes, match.start(), match.end()
    match = re.search(r"yesterday|last night|昨天|昨晚", lowered)
    if match:
        return 24 * 60, match.start(), match.end()
    match = re.search(r"just now|a moment ago|刚刚|刚才", lowered)
    if match:
        return 2, match.start(), match.end()
    return None


# What the user can still reach, for the 2FA reset flow.
ACCESS_VALUES = ("old_device", "email_and_phone", "email_only", "phone_only", "none")

_OLD_DEVICE = re.compile(
    r"old (phone|device)|still have (the |my )?(old )?(phone|app|authenticator)|"
    r"authenticator (still )?works|旧手机|原来的手机|老手机|验证器还在|旧设备", re.IGNORECASE
)
_NOTHING = re.compile(
    r"\b(neither|nothing|none of them|no access to (either|both|anything))\b|"
    r"都(没有|没了|不能用|用不了|登不上|收不到)|什么都没有|全都没了", re.IGNORECASE
)
_EMAIL = re.compile(r"e-?mail|邮箱|邮件", re.IGNORECASE)
# Not "number": "tracking number", "tx number" say nothing about the user's phone.
_PHONE = re.compile(r"phone|sms|mobile|手机|短信|电话", re.IGNORECASE)
_NEGATIVE = re.compile(
    r"\b(no|not|don'?t|doesn'?t|can'?t|cannot|lost|without|no longer|changed|old)\b|"
    r"没|不|丢|换了|停用|注销|收不到|用不了", re.IGNORECASE
)
_BOTH = re.compile(r"\bboth\b|都(可以|能|在|还在|能用|没问题)", re.IGNORECASE)
_CLAUSE = re.compile(r"[,.;!?，。；！？]|\bbut\b|\band\b|但是|但|不过|而且|只有|只剩", re.IGNORECASE)


def parse_access(text: str) -> str | None:
    """Say what the user still has for a 2FA reset: one of ``ACCESS_VALUES``, or None."""
    if _OLD_DEVICE.search(text):
        return "old_device"
    if _NOTHING.search(text):
        return "none"
    email: bool | None = None
    phone: bool | None = None
    for clause in _CLAUSE.split(text):
        has_email, has_phone = bool(_EMAIL.search(clause)), bool(_PHONE.search(clause))
        if not (has_email or has_phone):
            continue
        available = not _NEGATIVE.search(clause)
        if has_email:
            email = available
        if has_phone:
            phone = available
    if email is None and phone is None:
        return None
    if _BOTH.search(text) and email is not False and phone is not False:
        return "email_and_phone"
    if email and phone:
        return "email_and_phone"
    if email and not phone:
        return "email_only"
    if phone and not email:
        return "phone_only"
    if email is False and phone is False:
        return "none"
    return None


_DEPOSIT_PROBLEMS = (
    ("memo", re.compile(r"\b(memo|tag|destination tag|comment)\b|标签|备注|memo", re.IGNORECASE)),
    ("unsupported", re.compile(
        r"not (supported|listed)|unsupported|isn'?t listed|不支持|没上线|未上线|没上架", re.IGNORECASE)),
    ("wrong_address", re.compile(
        r"wrong address|typo in the address|someone else'?s address|地址(填|写|输)错|错误的地址|转错地址",
        re.IGNORECASE)),
    ("wrong_network", re.compile(
        r"wrong (network|chain|blockchain)|different (network|chain)|错链|转错(了)?(网络|链)|"
        r"选错(了)?(网络|链)|链(选|转)错", re.IGNORECASE)),
)


def parse_deposit_problem(text: str) -> str | None:
    """Say which kind of misdirected deposit the user describes, if the text says."""
    span = parse_deposit_problem_span(text)
    return span[0] if span else None


def parse_deposit_problem_span(text: str) -> tuple[str, int, int] | None:
    """Return (problem, start, end) for the words that describe the problem."""
    for problem, pattern in _DEPOSIT_PROBLEMS:
        match = pattern.search(text)
        if match:
            return problem, match.start(), match.end()
    return None
