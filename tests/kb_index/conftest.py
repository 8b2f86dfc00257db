from pathlib import Path

import pytest

from kb_index.embedder import Embedder
from kb_index.settings import KBSettings

ARTICLES = {
    "reset-2fa": (
        "account_security", "reset_2fa",
        {"en": "Reset two-factor authentication", "zh": "重置谷歌验证"},
        {"en": ["I lost my phone with the authenticator app"], "zh": ["手机丢了谷歌验证怎么办"]},
        {"en": "Go to Forgot 2FA on the login page and follow the reset steps.",
         "zh": "在登录页点击忘记谷歌验证，按照步骤重置验证器。"},
    ),
    "deposit-memo": (
        "deposits", "wrong_network_deposit",
        {"en": "Deposit without memo or tag", "zh": "充币忘记填写标签"},
        {"en": ["I sent XRP without the destination tag"], "zh": ["充XRP没有填标签"]},
        {"en": "Submit a memo recovery request with the TxID. It is free.",
         "zh": "提交标签找回申请并填写交易哈希，免费处理。"},
    ),
    "trading-fees": (
        "trading_fees", "fees",
        {"en": "Spot trading fees", "zh": "现货交易手续费"},
        {"en": ["what is the maker and taker fee"], "zh": ["现货手续费是多少"]},
        {"en": "Spot trades cost 0.10% for makers and takers.",
         "zh": "现货挂单和吃单手续费均为 0.10%。"},
    ),
    "api-keys": (
        "account_security", "faq_general",
        {"en": "Create and manage API keys", "zh": "创建和管理 API Key"},
        {"en": ["how do I make an API key for my trading bot"], "zh": ["API怎么创建"]},
        {"en": "API keys are created under Profile, API Management, with an IP whitelist.",
         "zh": "在个人中心的 API 管理中创建 API Key，并设置 IP 白名单。"},
    ),
}


def write_article(directory: Path, article_id: str, spec=None, body_suffix: str = "") -> None:
    category, intent, title, questions, body = spec or ARTICLES[article_id]
    lines = ["---", f"id: {article_id}", f"category: {category}", f"intent: {intent}",
             "tags: [test]", "updated: 2026-11-01", "title:",
             f"  en: {title['en']}", f"  zh: {title['zh']}", "questions:"]
    for lang in ("en", "zh"):
        lines.append(f"  {lang}:")
        lines.extend(f"    - {q}" for q in questions[lang])
    lines += ["---", "<!-- lang: en -->", body["en"] + body_suffix, "", "<!-- lang: zh -->",
              body["zh"] + body_suffix]
    (directory / f"{article_id}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture
def faq_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "faq"
    directory.mkdir()
    for article_id in ARTICLES:
        write_article(directory, article_id)
    return directory


@pytest.fixture
def settings(tmp_path: Path, faq_dir: Path) -> KBSettings:
    return KBSettings(faq_dir=faq_dir, index_dir=tmp_path / "index", reload_check_seconds=0)
