"""Seed phrases are removed however they are written; ordinary messages come through intact."""

import json

import pytest
from mnemonic import Mnemonic

from desk.redaction import PLACEHOLDER, Redaction, redact

TX = "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
WORDS = ("abandon ability able about above absent absorb abstract absurd abuse access accident "
         "hybrid yellow").split()
PHRASE = WORDS[:12]


def leaked(text: str, words: list[str]) -> bool:
    """Whether any four consecutive phrase words are left in the text."""
    lowered = text.lower()
    return any(" ".join(words[i:i + 4]) in " ".join(lowered.split()) for i in range(len(words) - 3))


@pytest.mark.parametrize("strength", [128, 256])
def test_english_seed_phrases_are_removed(strength):
    phrase = Mnemonic("english").generate(strength)
    result = redact(f"support asked for my seed: {phrase} is that ok?")
    assert " ".join(phrase.split()[1:-1]) not in result.text
    assert PLACEHOLDER in result.text and "seed_phrase" in result.found
    assert result.text.startswith("support asked for my") and result.text.endswith("ok?")


def test_a_phrase_with_a_bad_checksum_is_still_a_phrase():
    words = Mnemonic("english").generate(128).split()
    words[-1] = "zoo" if words[-1] != "zoo" else "abandon"
    assert redact(" ".join(words)).had_secret


def test_numbered_phrase_over_lines():
    words = Mnemonic("english").generate(128).split()
    text = "\n".join(f"{i}. {w}" for i, w in enumerate(words, 1))
    assert redact(text).had_secret


@pytest.mark.parametrize("separator", [
    " ", ",", ", ", "/", " / ", "|", " | ", "•", " • ", "·", "_", "-", "，", "、", "\n", "\r\n",
    "\t", ";", "\u00a0", "\u3000", "\u200b", "\u200c", "\u200d", "\ufeff", " \u200b"])
def test_any_separator_between_the_words(separator):
    result = redact(f"here it is: {separator.join(PHRASE)} thanks")
    assert result.found == ("seed_phrase",)
    assert result.text == f"here it is: {PLACEHOLDER} thanks"
    assert not any(w in result.text for w in PHRASE[1:])


@pytest.mark.parametrize("pattern", ["{i}. {w}", "{i}) {w}", "{i}、{w}", "{i}-{w}", "#{i} {w}",
                                     "{i}:{w}", "({i}) {w}", "{i}.{w}", "{i}{w}"])
def test_numbered_phrases(pattern):
    text = " ".join(pattern.format(i=i, w=w) for i, w in enumerate(PHRASE, 1))
    result = redact(text)
    assert result.found == ("seed_phrase",) and not any(w in result.text for w in PHRASE)


@pytest.mark.parametrize("indent", [None, 2])
def test_json_arrays(indent):
    text = "wallet export: " + json.dumps(PHRASE, indent=indent)
    assert not any(w in redact(text).text for w in PHRASE)


def test_json_with_escaped_accents():
    words = Mnemonic("french").generate(128).split()
    text = json.dumps(words, ensure_ascii=True)  # "d\u00e9phaser" or "de\u0301phaser"
    assert redact(text).found == ("seed_phrase",)


def test_a_message_inside_json_with_its_escapes():
    text = json.dumps({"message": {"text": "seed:\n" + "\n".join(PHRASE) + "\n你好"}})  # \n, \u4f60
    result = redact(text)
    assert result.found == ("seed_phrase",) and not any(w in result.text for w in PHRASE[1:])
    assert result.text.endswith('\\n\\u4f60\\u597d"}}')


def test_full_width_letters_and_digits():
    wide = " ".join(PHRASE).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    result = redact(f"助记词：{wide}。谢谢")
    assert result.text == f"助记词：{PLACEHOLDER}。谢谢"


def test_zero_width_characters_inside_words():
    text = " ".join(w[:2] + "\u200b" + w[2:] for w in PHRASE)
    assert redact(text).text == PLACEHOLDER


def test_words_written_together():
    assert redact("".join(PHRASE)).had_secret
    assert redact("".join(w.capitalize() for w in PHRASE)).had_secret


@pytest.mark.parametrize("typos", [
    {3: "abuot"},  # swapped letters
    {5: "absnt"},  # a letter dropped
    {2: "ablle", 9: "abusse"},  # two words, a letter added
    {0: "abandom"},  # the first word
    {6: "absxrb", 7: "abstrct"},
])
def test_one_or_two_mistyped_words(typos):
    words = [typos.get(i, w) for i, w in enumerate(PHRASE)]
    result = redact("here: " + " ".join(words))
    assert result.found == ("seed_phrase",)
    assert not leaked(result.text, words)


def test_most_of_a_phrase_is_already_a_secret():
    assert redact(" ".join(PHRASE[:8])).found == ("seed_phrase",)
    assert redact("first words: " + ", ".join(PHRASE[:9]) + " and I forgot the rest").had_secret


@pytest.mark.parametrize("language", sorted(Mnemonic.list_languages()))
def test_every_wordlist(language):
    phrase = Mnemonic(language).generate(128)
    result = redact(f"here it is:\n{phrase}\n?")
    assert result.found == ("seed_phrase",)
    assert result.text == f"here it is:\n{PLACEHOLDER}\n?"


@pytest.mark.parametrize("language", ["japanese", "korean"])
def test_kana_and_hangul_without_separators(language):
    words = Mnemonic(language).generate(128).replace("\u3000", " ").split()
    assert redact("".join(words)).had_secret


def test_chinese_phrases_are_removed_but_chinese_sentences_are_not():
    phrase = Mnemonic("chinese_simplified").generate(128)
    assert redact(f"助记词 {phrase}").had_secret
    assert not redact("我的充币一直没有到账怎么办呢请帮我看看是什么原因").had_secret


@pytest.mark.parametrize("layout", [
    lambda cs: "".join(cs),  # all together
    lambda cs: " ".join("".join(cs[i:i + 4]) for i in range(0, len(cs), 4)),  # four together
    lambda cs: " ".join(f"{i}.{c}" for i, c in enumerate(cs, 1)),  # numbered
    lambda cs: "\n".join(f"{i}、{c}" for i, c in enumerate(cs, 1)),
    lambda cs: "，".join(cs),
])
@pytest.mark.parametrize("language", ["chinese_simplified", "chinese_traditional"])
def test_chinese_layouts(layout, language):
    chars = Mnemonic(language).to_mnemonic(bytes(range(3, 19))).split()
    result = redact(f"这是我的钱包备份 {layout(chars)} 请帮我找回")
    assert result.found == ("seed_phrase",)
    assert result.text.startswith("这是我的钱包备份") and result.text.endswith("请帮我找回")


def test_the_commonest_characters_in_fours_or_after_the_word_for_phrase():
    common = "的一是在不了有和人这中大为上个国我以要他"  # the list's first 20 characters
    assert redact(" ".join(common[i:i + 4] for i in range(0, 20, 4))).had_secret
    assert redact(f"我的助记词是{common}").text == f"我的助记词是{PLACEHOLDER}"


@pytest.mark.parametrize("text", [
    "我的充币一直没有到账怎么办呢请帮我看看是什么原因",
    "换了新手机 谷歌验证器忘了迁移 现在登不上了 怎么搞",
    "手機換了，Google Authenticator 沒轉移過去，現在登入一直要驗證碼，請問要怎麼重設？",
    "助记词是什么意思？客服要的是助记词还是交易哈希，我分不清",
    "好 的 谢 谢",
    "我 的 钱 呢 ？ 到 底 什 么 时 候 到 账",  # a sentence typed with spaces
    "imToken助记词丢了 钱包里的币还能找回吗",
    "我已经按照你们说的做了，重新提交了身份证正反面和手持照片，还是审核失败，到底哪里不对",
])
def test_ordinary_chinese_survives(text):
    assert redact(text) == Redaction(text)


@pytest.mark.parametrize("text", [
    "I want to abandon this order because the ability to withdraw is absent today",
    "you approve only what you need now. You approve again next time (a bit more gas)",
    "can you check what happened to my deposit? I have been waiting all day",
    "abandon all hope ye who enter this app, 3 days and no answer",
    "coin balance can't cover gas limit * gas price",
    "Steps: open app > assets > deposit > choose coin > choose network > copy address > paste > confirm",
    "wrong network wrong address wrong amount wrong coin wrong chain wrong memo wrong tag",
    "my password is wrong even though I just reset it",
    "Do you need my 12 word seed phrase to help me?",
])
def test_ordinary_english_survives(text):
    assert redact(text) == Redaction(text)


def test_only_the_users_own_characters_are_replaced():
    text = "ｈｅｒｅ ｉｔ ｉｓ：\u200b" + "\u3000".join(PHRASE) + "\u200b！ＯＫ？"
    assert redact(text).text == "ｈｅｒｅ ｉｔ ｉｓ：\u200b" + PLACEHOLDER + "\u200b！ＯＫ？"


def test_a_transaction_hash_survives_when_it_is_one():
    assert redact(f"txid {TX}").text == f"txid {TX}"
    assert redact(f"交易哈希 0x{TX}").text == f"交易哈希 0x{TX}"
    assert redact(f"对方记录显示txid {TX}").text == f"对方记录显示txid {TX}"
    assert redact(TX, expecting_tx_hash=True).text == TX
    # the same string alone, or called a key, is treated as a key
    assert not redact(TX).text.count(TX)
    assert redact(f"my private key, not the tx: {TX}").had_secret


def test_ordinary_text_is_untouched():
    text = "I want to abandon this order because the ability to withdraw is absent today"
    assert redact(text).text == text and not redact(text).had_secret
