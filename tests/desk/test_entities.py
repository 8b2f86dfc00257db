import pytest

from desk.entities import extract_entities, parse_access, parse_elapsed_minutes


def _values(text):
    return {e.entity: e.value for e in extract_entities(text)}


def test_extracts_coin_network_hash_and_time_from_one_message():
    tx = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
    values = _values(f"sent 250 USDT on BEP20 2 hours ago, tx {tx}")
    assert values == {
        "coin": "USDT", "network": "BSC", "tx_hash": tx, "elapsed_minutes": "120",
    }


def test_spans_point_at_the_words_that_gave_the_value():
    text = "sent 250 USDT on BEP20 2 hours ago"
    spans = {e.entity: text[e.start:e.end] for e in extract_entities(text)}
    assert spans == {"coin": "USDT", "network": "BEP20", "elapsed_minutes": "2 hours"}


def test_chinese_message():
    values = _values("从火币提了500U到你们这边 波场链 一个半小时了还没到")
    assert values["network"] == "TRON"
    assert values["elapsed_minutes"] == "90"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("40 min ago", 40),
        ("about 3 hours", 180),
        ("an hour ago", 60),
        ("2 days", 2880),
        ("half an hour", 30),
        ("since yesterday", 1440),
        ("30分钟前", 30),
        ("两个小时了", 120),
        ("十五分钟", 15),
        ("半小时", 30),
        ("三天了", 4320),
        ("昨天转的", 1440),
        ("no idea", None),
    ],
)
def test_parse_elapsed_minutes(text, minutes):
    assert parse_elapsed_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "access"),
    [
        ("I still have my old phone", "old_device"),
        ("lost my phone but I still have my email", "email_only"),
        ("I can use both email and phone", "email_and_phone"),
        ("email and phone number both work", "email_and_phone"),
        ("only my phone number", "phone_only"),
        ("40m ago", None),
        ("neither", "none"),
        ("手机丢了，邮箱还能用", "email_only"),
        ("邮箱和手机都能用", "email_and_phone"),
        ("都没有了", "none"),
        ("旧手机还在", "old_device"),
        ("I lost my phone", None),  # says nothing about email yet
        ("hello", None),
    ],
)
def test_parse_access(text, access):
    assert parse_access(text) == access


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("I forgot the destination tag", "memo"),
        ("充XRP忘记填标签了", "memo"),
        ("sent USDT on the wrong network", "wrong_network"),
        ("转错链了", "wrong_network"),
        ("the token is not supported on Kestrel", "unsupported"),
        ("地址填错了", "wrong_address"),
    ],
)
def test_deposit_problem(text, problem):
    assert _values(text)["deposit_problem"] == problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my ETH deposit", {"coin": "ETH"}),
        ("用的sol链", {"network": "SOL"}),
        ("USDT on SOL", {"coin": "USDT", "network": "SOL"}),
    ],
)
def test_a_word_that_names_coin_and_network(text, expected):
    values = _values(text)
    assert {k: values.get(k) for k in ("coin", "network") if k in values} == expected


@pytest.mark.parametrize(
    "text",
    ["I am still waiting for my card", "what is the tracking number", "a month ago maybe"],
)
def test_no_false_durations_or_access(text):
    values = _values(text)
    assert "elapsed_minutes" not in values and "access" not in values
