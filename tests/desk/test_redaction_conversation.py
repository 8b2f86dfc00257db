"""A phrase sent in pieces over several messages is found, and the earlier pieces named."""

import pytest
from mnemonic import Mnemonic

from desk.redaction import PLACEHOLDER, Earlier, Redaction, Retraction, redact

WORDS = Mnemonic("english").to_mnemonic(bytes(range(32))).split()  # 24 words


class Hub:
    """Stores one user's messages the way the hub must: redacted, and rewritten when asked."""

    def __init__(self) -> None:
        self.rows: list[Earlier] = []

    def send(self, text: str, expecting_tx_hash: bool = False) -> Redaction:
        result = redact(text, expecting_tx_hash, recent=self.rows[-10:])
        offset = max(0, len(self.rows) - 10)
        for retraction in result.also_redact:
            row = self.rows[offset + retraction.index]
            self.rows[offset + retraction.index] = Earlier(
                retraction.text, tuple(sorted(set(row.found or ()) | set(retraction.found))))
        self.rows.append(Earlier(result.text, result.found))
        return result

    def stored(self) -> str:
        return "\n".join(row.text for row in self.rows)


def test_twelve_words_in_three_messages():
    hub = Hub()
    assert not hub.send(" ".join(WORDS[0:4])).had_secret  # alone, four words are not a phrase
    second = hub.send("and " + " ".join(WORDS[4:8]))  # eight: most of a phrase
    third = hub.send(", ".join(WORDS[8:12]) + " thanks")  # follows a removed phrase

    assert second.text == f"and {PLACEHOLDER}" and second.also_redact == (Retraction(0, PLACEHOLDER),)
    assert third.text == f"{PLACEHOLDER} thanks" and third.found == ("seed_phrase",)
    assert not any(word in hub.stored() for word in WORDS[:12])


def test_three_words_a_message_are_found_with_the_third():
    hub = Hub()
    results = [hub.send(" ".join(WORDS[i:i + 3])) for i in (0, 3, 6)]
    assert [r.had_secret for r in results] == [False, False, True]
    assert [r.index for r in results[2].also_redact] == [0, 1]


def test_six_and_six_are_found_with_the_second():
    hub = Hub()
    hub.send(" ".join(WORDS[0:6]))
    result = hub.send(" ".join(WORDS[6:12]))
    assert result.had_secret and [r.index for r in result.also_redact] == [0]


@pytest.mark.parametrize("sizes", [(8, 4), (4, 4, 4, 4, 4, 4), (12, 12), (6, 6, 6, 6), (3, 3, 3, 3)])
def test_no_piece_is_left_however_the_phrase_is_cut(sizes):
    hub, start = Hub(), 0
    for size in sizes:
        hub.send(" ".join(WORDS[start:start + size]))
        start += size
    assert not any(word in hub.stored() for word in WORDS[:start])


def test_the_piece_after_a_removed_phrase_continues_it_but_not_after_a_removed_key():
    after_phrase = redact("abandon ability able about",
                          recent=[Earlier(PLACEHOLDER, ("seed_phrase",))])
    after_key = redact("abandon ability able about",
                       recent=[Earlier(f"my key {PLACEHOLDER}", ("hex_private_key",))])
    assert after_phrase.found == ("seed_phrase",) and not after_key.had_secret


def test_a_message_without_letters_between_two_pieces_does_not_break_them():
    hub = Hub()
    hub.send(" ".join(WORDS[0:6]))
    hub.send("...")
    result = hub.send(" ".join(WORDS[6:12]))
    assert [r.index for r in result.also_redact] == [0]


def test_plain_strings_are_earlier_messages_of_unknown_kinds():
    result = redact(" ".join(WORDS[8:12]), recent=[" ".join(WORDS[:4]), " ".join(WORDS[4:8])])
    assert result.had_secret and len(result.also_redact) == 2


def test_chinese_pieces():
    chars = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(16))).split()
    hub = Hub()
    hub.send("".join(chars[0:4]))
    hub.send(" ".join(chars[4:8]))
    result = hub.send("最后四个 " + "".join(chars[8:12]))
    assert result.had_secret and len(result.also_redact) == 2
    assert not any("".join(chars[i:i + 2]) in hub.stored().replace(" ", "") for i in range(11))


@pytest.mark.parametrize("messages", [
    ["hi", "my deposit is not there", "can you check what happened", "please help me",
     "I have been waiting all day", "any update?"],
    ["account balance wrong again", "please check", "where is my money", "still nothing today"],
    ["好的", "谢谢", "在吗", "怎么还没到账", "快点处理一下", "人呢", "好的谢谢你们"],
    ["怎么回事", "还没到账", "快点处理", "谢谢你们", "在线等急"],
])
def test_an_ordinary_conversation_is_left_alone(messages):
    hub = Hub()
    for text in messages:
        assert hub.send(text) == Redaction(text)
    assert hub.stored() == "\n".join(messages)


def test_the_password_in_the_message_after_a_keystore():
    hub = Hub()
    hub.send('my keystore: {"crypto": {"ciphertext": "' + "ab" * 32 + '", "kdf": "scrypt"}}')
    result = hub.send("and the password is hunter")
    assert result.text == f"and the password is {PLACEHOLDER}" and result.found == ("password",)
