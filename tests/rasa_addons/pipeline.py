"""A tiny bilingual training set, and components built as Rasa's graph builds them."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

EXAMPLES = {
    "reset_2fa": [
        "I lost my phone with the authenticator app",
        "my 2FA codes are always invalid",
        "手机丢了谷歌验证怎么办",
        "谷歌验证码一直错误",
    ],
    "deposit_delay": [
        "my USDT deposit has not arrived",
        "sent BTC an hour ago and the balance is still empty",
        "充币还没到账",
        "USDT充值一个小时了还没到",
    ],
    "withdrawal_stuck": [
        "my withdrawal is stuck in review",
        "the ETH withdrawal is pending for hours",
        "提币一直在审核中",
        "提现卡住了",
    ],
    "greet": ["hello", "hi there", "你好", "在吗"],
}

# Questions worded unlike any training example, with the intent a user would expect.
UNSEEN = [
    ("hi", "greet"),
    ("where is my USDT deposit", "deposit_delay"),
    ("我的充币还没到", "deposit_delay"),
    ("withdrawal stuck in review", "withdrawal_stuck"),
    ("谷歌验证丢了", "reset_2fa"),
]


def component(cls: type, storage: LocalModelStorage, name: str, **config: Any) -> Any:
    """Create a component as Rasa's graph would: its defaults overridden by ``config``."""
    context = ExecutionContext(GraphSchema({}), node_name=name)
    return cls.create({**cls.get_default_config(), **config}, storage, Resource(name), context)


def training_data() -> TrainingData:
    """Return fresh messages: components write their predictions into the ones they process."""
    return TrainingData([Message(data={"text": text, "intent": intent})
                         for intent, texts in EXAMPLES.items() for text in texts])


def messages(*texts: str) -> list[Message]:
    """Return new messages for the given texts, as the server would receive them."""
    return [Message(data={"text": text}) for text in texts]
