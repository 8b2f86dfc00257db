"""Safety checks on what the bot tells users: articles, responses and network data.

Every check reads the real files: the articles in ``data/faq``, the response texts in
``domain.yml``, ``data/networks.yml``, ``data/contract_errors.yml`` and the house facts in
``docs/knowledge-base.md``. Set ``CONTENT_CHECK_ROOT`` to a copy of the project to check
another tree, for example a deployment's edited content.

The checks come from issue 17: advice that costs users money (partial address checks,
"funds are not lost" promises, changing passwords on an infected device, follow-up at a new
email), facts that drifted apart (security holds, Level 0, confirmation times) and error
patterns that sent users to the wrong fix.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba
import pytest
import yaml

from desk.contract_errors import load_contract_errors, recognise_error
from tests.content.sources import LANGS, ROOT, article, articles, domain_responses


@lru_cache(maxsize=1)
def networks() -> dict:
    return yaml.safe_load((ROOT / "data" / "networks.yml").read_text(encoding="utf-8"))["networks"]


@lru_cache(maxsize=1)
def house_facts() -> str:
    text = (ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    return text[text.index("## House facts"):]


def house_facts_block(heading: str) -> str:
    """The lines of one house-facts group ("Account security", "Deposits"...), joined."""
    lines = house_facts().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    block = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        block.append(line.strip())
    return " ".join(block)


def user_texts() -> list[tuple[str, str, str]]:
    """(where, language, text) for everything a user reads: article bodies and responses."""
    texts = [(f"data/faq/{a.id}.md", lang, a.body[lang]) for a in articles() for lang in LANGS]
    texts += [(f"domain.yml:{name}", lang, text) for name, lang, text in domain_responses()]
    return texts


def scanned_texts() -> list[tuple[str, str, str]]:
    """user_texts() plus data/networks.yml (its comments are quoted by people, too)."""
    yml = (ROOT / "data" / "networks.yml").read_text(encoding="utf-8")
    return user_texts() + [("data/networks.yml", "en", yml), ("data/networks.yml", "zh", yml)]


def units(text: str) -> list[str]:
    """Split Markdown into list items, table rows and sentences, unwrapping wrapped lines."""
    blocks: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        starts_block = not stripped or re.match(r"(\d+\.|[-*]|\|)\s", stripped + " ")
        if starts_block or not blocks:
            blocks.append(stripped)
        else:
            blocks[-1] += " " + stripped
    found = []
    for block in filter(None, blocks):
        found += [s for s in re.split(r"(?<=[.!?])\s+|(?<=[。！？；])", block) if s.strip()]
    return found


# ------------------------------------------------------------ phrases that must not appear

# (id, pattern, texts it must catch, texts it must let through). The examples keep each
# pattern honest: a pattern that stops matching its example would silently pass everything.
UNSAFE = [
    ("partial-address-check-en",
     r"\b(?:check|compare|verify|match)\w*\s+(?:only\s+)?(?:the\s+)?"
     r"(?:first|last|start|beginning|end)\w*\s+(?:and|&|or)\s+(?:the\s+)?(?:first|last|start|end)\b",
     ["paste it and compare the first and last 4-6 characters",
      "copy-paste addresses, check the first and last characters"],
     ["compare the whole address, not only the first and last characters"]),
    ("partial-address-count-en",
     r"\b(?:first|last)\s+(?:and\s+(?:first|last)\s+)?(?:few|\d+(?:\s*[-–]\s*\d+)?)\s+"
     r"(?:characters|chars|letters)\b",
     ["the first and last 4-6 characters", "check the last 6 characters"],
     ["a partial check proves nothing", "not only the first and last characters"]),
    ("partial-address-check-zh",
     r"核对[^，。；！？\n]{0,8}?(?:首尾|头尾|前后|前几位|后几位|开头和结尾)",
     ["粘贴后，核对地址前后 4-6 位", "复制粘贴地址并核对首尾几位"],
     ["并完整核对，不要只看头尾几位", "逐位完整比对，别只看开头结尾"]),
    ("partial-address-count-zh",
     r"(?:首尾|头尾|前后)\s*\d+\s*(?:[-–~到至]\s*\d+\s*)?位",
     ["对一下前后 4-6 位", "看首尾6位"],
     ["接收号码的后几位"]),
    ("partial-address-only-zh",
     r"(?<!不要)(?<!别)(?<!不能)(?<!不)只(?:需|要)?(?:看|核对|对比|比对)(?:一下)?(?:地址)?的?"
     r"(?:首尾|头尾|前后|开头和结尾|开头结尾)",
     ["只需核对地址首尾即可", "只看开头和结尾就行"],
     ["不要只看头尾几位", "别只看开头结尾"]),
    ("memo-funds-not-lost-en",
     r"\b(?:your\s+)?(?:funds|coins|crypto|money|deposit)\s+(?:are|is)\s+(?:not|never)\s+(?:lost|gone)\b"
     r"|\b(?:won't|will not|can't|cannot|never)\s+be\s+lost\b"
     r"|\b(?:funds|coins|deposits?)\s+(?:are|is)\s+always\s+(?:recoverable|recovered|safe)\b",
     ["**Your funds are not lost.** Request a recovery", "your coins will never be lost"],
     ["The original stays pending; nothing is lost.", "These are usually recoverable"]),
    ("memo-funds-not-lost-zh",
     r"(?:币|资产|资金|钱)(?:并)?(?:没有|没|不会)(?:丢|丢失|损失)|不会丢失|一定(?:能|可以)(?:找回|追回)",
     ["**币没有丢，可以申请找回：**", "资产不会丢失", "一定能找回"],
     ["一般可以通过下面的找回申请找回", "不能保证追回"]),
    ("wrong-tag-same-as-missing",
     r"wrong (?:tag|memo) has the same effect as no (?:tag|memo)|填错和没填(?:结果)?一样",
     ["a wrong tag has the same effect as no tag", "标签要一字不差，填错和没填结果一样"],
     ["with a tag that belongs to someone else, they may be credited to that person"]),
    ("asks-for-secret-en",
     r"\b(?:send|give|tell|share|provide|paste)\s+(?:us|me|the agent|our agent|support|the assistant)\s+"
     r"(?:with\s+)?your\s+(?:password|seed|recovery phrase|private key|2fa|authenticator|"
     r"verification code|sms code|email code|api secret)"
     r"|\b(?:send|give|tell|share|provide|paste)\s+your\s+(?:password|seed phrase|recovery phrase|"
     r"private key|2fa code|verification code|api secret)\s+(?:to|with|in|into)\s+"
     r"(?:us|me|the agent|support|this chat|the chat|the assistant)\b",
     ["Please send us your seed phrase so we can restore the wallet",
      "share your 2FA code with the agent"],
     ["Never share your password, codes, seed phrase or private keys with anyone, including us.",
      "Support will never ask for your password"]),
    ("asks-for-secret-zh",
     r"(?:请|麻烦)(?:您|你)?(?:把|将)?(?:您|你)?的?(?:登录)?(?:密码|助记词|私钥|谷歌验证码|短信验证码|"
     r"邮箱验证码|验证码)(?:发给|告诉|提供给|发送给)(?:我们|客服|我)"
     r"|(?:请|麻烦)(?:您|你)?(?:提供|发送|告诉我们|发给我们)(?:一下)?(?:您|你)?的?(?:登录密码|密码|助记词|"
     r"私钥|谷歌验证码|短信验证码|验证码)",
     ["请把您的助记词发给客服", "麻烦提供一下您的谷歌验证码"],
     ["客服绝不会索要密码、谷歌/短信/邮箱验证码、助记词或私钥"]),
    ("follow-up-at-new-contact-en",
     r"\b(?:contacts?|reach(?:es)?|emails?|writes? to|repl(?:y|ies) to)\s+you\s+(?:at|on|via|through)\s+"
     r"(?:a|the)\s+new\s+(?:email|address|phone|number|contact)"
     r"|\bnew\s+(?:email|e-mail|phone number|phone|contact address|contact details)\s+(?:that\s+)?"
     r"you\s+(?:give|enter|provide|type|put|leave)\b",
     ["Our team reviews it and contacts you at a new email you give in the form."],
     ["we never move your case to a new email, phone number or chat account given in a form"]),
    ("follow-up-at-new-contact-zh",
     r"(?:表单|申请|对话|聊天)(?:中|里)?(?:填写|提供|留下|填)的新(?:邮箱|手机号|手机|联系方式)"
     r"|(?:通过|用|发到)(?:您|你)?(?:提供|填写)?的新(?:邮箱|手机号|联系方式)(?:联系|通知)",
     ["并通过您在表单中填写的新邮箱联系您"],
     ["我们只会联系您账户上已验证的邮箱或手机号"]),
    ("us-persons-by-residence",
     r"(?:US|American|U\.S\.) (?:passport holders?|citizens?)[^.\n]{0,60}(?:judged|decided|assessed) by "
     r"(?:their )?(?:country of )?residence"
     r"|\bwhere you live, not your (?:nationality|citizenship)"
     r"|美国护照[^。\n]{0,30}按(?:实际)?居住(?:国|地)判断|判断依据是居住地，不是国籍",
     ["a US passport holder living elsewhere is judged by their country of residence",
      "This applies to where you live, not your nationality",
      "持美国护照但长期居住在其他国家的，按实际居住国判断"],
     ["US persons, wherever they live: US citizens, green-card holders and residents"]),
    ("level0-withdrawal-amount",
     r"Level 0[^\n]{0,80}?(?:withdraw|提币|提现)[^\n]{0,40}?\d[\d,]*\s*(?:USDT|U\b)"
     r"|\|\s*Level 0\s*\|[^\n]*\|\s*\**(?:等值\s*)?\d[\d,]*\s*USDT"
     r"|withdraw up to (?:the equivalent of )?2,000 USDT|每天最多提等值\s*2,000",
     ["| Level 0 | Email or phone number only | 2,000 USDT equivalent |",
      "at Level 0: deposit, trade and withdraw up to the equivalent of 2,000 USDT per day",
      "账户仍按 Level 0 使用：可以充币、交易，每天最多提等值 2,000 USDT"],
     ["| Level 0 | Email or phone only | **No withdrawals** |"]),
    ("liquidation-caps-loss-at-margin",
     r"(?:loss|losses)\s+(?:can't|cannot|can never|won't|will never)\s+(?:grow\s+)?"
     r"(?:beyond|exceed|be more than)\s+(?:your\s+)?margin|避免亏损超过保证金|亏损不会超过保证金",
     ["closed automatically so the loss can't grow beyond your margin", "系统自动平掉，避免亏损超过保证金"],
     ["in cross margin that is your whole Futures balance"]),
    ("anti-phishing-code-always-there",
     r"\b(?:they|emails?) always show your anti-phishing code|every genuine (?:Kestrel )?email shows "
     r"your anti-phishing code|官方邮件：一定带有你设置的防钓鱼码|每封正规邮件都带有你设置的防钓鱼码",
     ["Emails: they always show your anti-phishing code",
      "Every genuine Kestrel email shows your anti-phishing code"],
     ["If you've set an anti-phishing code, every genuine Kestrel email shows it"]),
]


@pytest.mark.parametrize(("name", "pattern", "unsafe", "safe"), UNSAFE, ids=[u[0] for u in UNSAFE])
def test_each_unsafe_pattern_catches_its_examples(name, pattern, unsafe, safe):
    regex = re.compile(pattern, re.IGNORECASE)
    for text in unsafe:
        assert regex.search(text), f"{name} should catch: {text}"
    for text in safe:
        assert not regex.search(text), f"{name} should let through: {text}"


@pytest.mark.parametrize(("name", "pattern"), [u[:2] for u in UNSAFE], ids=[u[0] for u in UNSAFE])
def test_no_unsafe_phrase_in_articles_responses_or_network_data(name, pattern):
    regex = re.compile(pattern, re.IGNORECASE)
    hits = [f"{where} [{lang}]: …{m.group(0)}…"
            for where, lang, text in scanned_texts() for unit in units(text)
            for m in [regex.search(unit)] if m]
    assert not hits, f"unsafe phrase '{name}':\n" + "\n".join(hits)


# ------------------------------------------------------------- order of recovery steps

LOCK = (r"\block (?:your |the )?account|disable account|this wasn'?t me"
        r"|冻结账户|锁定账户|禁用账户|不是我本人操作")
REMOTE = r"\bdisconnect\b|uninstall|remote[- ]access|remote session|screen[- ]sharing|断网|卸载|远程|屏幕共享"
CLEAN = (r"malware|clean device|another device|different device|never (?:touched|accessed)"
         r"|木马|杀毒|干净的设备|换一台|恢复出厂|没接触过的设备")
CREDENTIALS = (r"\b(?:change|new|reset)\b[^.]{0,30}\bpasswords?\b|re-?bind"
               r"|(?:修改|更改|重置|改)[^。]{0,8}密码|新密码|重新绑定")


def numbered_lists(text: str) -> list[list[str]]:
    """The numbered lists in a text, each as its items (continuation lines included)."""
    lists: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        item = re.match(r"\s*\d+\.\s+(.*)", line)
        if item:
            current.append(item.group(1))
        elif current and line.startswith((" ", "\t")) and line.strip():
            current[-1] += " " + line.strip()
        elif current:
            lists.append(current)
            current = []
    if current:
        lists.append(current)
    return lists


def step_kind(step: str) -> str | None:
    """What a recovery step does, the earliest stage it belongs to first."""
    for kind, pattern in (("lock", LOCK), ("remote", REMOTE), ("clean", CLEAN),
                          ("credentials", CREDENTIALS)):
        if re.search(pattern, step, re.IGNORECASE):
            return kind
    return None


def recovery_order_problems(steps: list[str]) -> list[str]:
    kinds = [step_kind(step) for step in steps]
    if "lock" not in kinds:
        return []
    lock = kinds.index("lock")
    problems = []
    if "remote" in kinds and kinds.index("remote") < lock:
        problems.append("ends the remote session before locking the account")
    if "credentials" in kinds:
        changes = kinds.index("credentials")
        if changes < lock:
            problems.append("changes credentials before locking the account")
        if "clean" not in kinds[:changes]:
            problems.append("changes credentials before the device is cleaned or replaced")
        if "remote" in kinds and kinds.index("remote") > changes:
            problems.append("changes credentials while the remote session may still be open")
    return problems


def test_recovery_order_check_catches_the_old_orderings():
    old_remote_scam = ["Disconnect from the internet and uninstall the app.",
                       "Lock your account (**Profile → Security → Disable account**).",
                       "Follow account-compromised-first-steps from a device the scammer never accessed."]
    old_compromised = ["**Lock your account.** **Profile → Security → Disable account**",
                       "**Secure your email.** Change your email account's password and turn on its 2FA.",
                       "**Change your Kestrel password** to a new, unique one"]
    assert recovery_order_problems(old_remote_scam)
    assert recovery_order_problems(old_compromised)
    good = ["Lock your account first: Disable account", "End the remote session and uninstall the app.",
            "Scan that device for malware; until then use another device.",
            "Only then change your passwords and re-bind 2FA."]
    assert recovery_order_problems(good) == []


def test_compromise_steps_lock_first_and_change_credentials_on_a_clean_device():
    problems = [f"{where} [{lang}]: {problem}"
                for where, lang, text in user_texts()
                for steps in numbered_lists(text)
                for problem in recovery_order_problems(steps)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("article_id", ["account-compromised-first-steps", "support-never-asks-for-secrets"])
def test_the_compromise_articles_have_the_whole_sequence(article_id):
    for lang in LANGS:
        kinds = [step_kind(step) for steps in numbered_lists(article(article_id).body[lang])
                 for step in steps]
        assert {"lock", "remote", "clean", "credentials"} <= set(kinds), (article_id, lang, kinds)


# ------------------------------------------------------------------- security holds


def test_house_facts_set_each_hold_and_what_it_covers():
    security = house_facts_block("Account security")
    day = re.search(r"\*\*24 hours\*\* after ([^-]+?)(?= - \*\*48| The hold)", security)
    two_days = re.search(r"\*\*48 hours\*\* after (.+?)(?= The hold)", security)
    assert day and two_days, "house facts must list the 24- and 48-hour hold cases"
    assert re.search(r"email or\s+phone.*approved by support", day.group(1)), day.group(1)
    assert re.search(r"2FA reset done by our team", two_days.group(1)), two_days.group(1)
    assert "internal transfers to other Kestrel users" in security
    assert re.search(r"internal transfers.{0,250}security hold applies to them",
                     house_facts_block("Withdrawals"), re.IGNORECASE)


HOLD_WORD = r"\b(?:held|hold|holds|paused|pause)\b|冻结|暂停"
HOURS = r"\b(24|48)\**\s*-?\s*(?:hours?|h\b|小时)"
TEAM_RESET = (r"(?=.*\breset\b)(?=.*\b(?:team|support|manual|agent)\b)"
              r"|(?=.*重置)(?=.*(?:人工|团队|客服))")


def hold_problems(sentence: str) -> list[str]:
    if not re.search(HOLD_WORD, sentence, re.IGNORECASE):
        return []
    hours = set(re.findall(HOURS, sentence, re.IGNORECASE))
    team_reset = re.search(TEAM_RESET, sentence, re.IGNORECASE)
    if "48" in hours and not team_reset:
        return [f"48 hours for something other than a 2FA reset by our team: {sentence}"]
    if hours == {"24"} and team_reset and re.search(r"2FA|谷歌验证|验证器", sentence):
        return [f"24 hours for a 2FA reset by our team (that is 48): {sentence}"]
    return []


def test_hold_check_catches_swapped_hours():
    assert hold_problems("After support changes your email, withdrawals are held for 48 hours.")
    assert hold_problems("If our team completed the 2FA reset, withdrawals are held for 24 hours.")
    assert not hold_problems("If our team completed the reset for you (manual review or an agent), "
                             "the hold is **48 hours**.")


def test_every_text_gives_the_same_hold_for_the_same_case():
    problems = [f"{where} [{lang}]: {problem}"
                for where, lang, text in user_texts() for sentence in units(text)
                for problem in hold_problems(sentence)]
    assert not problems, "\n".join(problems)


def test_the_hold_table_names_support_assisted_email_changes_as_24_hours():
    body = article("withdrawal-security-hold").body
    rows = {"en": r"\|[^|\n]*Email[^|\n]*phone[^|\n]*support[^|\n]*\|\s*\*\*24 hours\*\*",
            "zh": r"\|[^|\n]*邮箱[^|\n]*手机号[^|\n]*客服[^|\n]*\|\s*\*\*24 小时\*\*"}
    for lang, row in rows.items():
        assert re.search(row, body[lang]), lang
        team_row = r"\|[^|\n]*(?:by our team|人工)[^|\n]*\|\s*\*\*48 (?:hours|小时)\*\*"
        assert re.search(team_row, body[lang]), lang


HOLD_MENTION = (r"(?:held|paused) for \**(?:24|48)\**[ -]hours|holds withdrawals|security hold"
                r"|(?:限制|暂停)\s*\**(?:24|48)\s*小时|提币限制")
WHITELIST_MENTION = r"\baddress whitelist\b|提币地址白名单"
INTERNAL_MENTION = r"internal transfers?|站内转账|内部转账"
# Where an article offers internal transfers as a way to send funds.
INTERNAL_OFFER = (r"internal transfers?\b[^.]{0,80}\bfree|free internal transfer|use an internal transfer"
                  r"|站内转账[^。]{0,40}(?:免手续费|免费)|免费的站内转账|用站内转账")


def test_articles_about_the_hold_or_the_whitelist_say_they_cover_internal_transfers():
    missing = []
    for a in articles():
        for lang in LANGS:
            body = re.sub(r"\s+", " ", a.body[lang])
            for topic, pattern in (("the security hold", HOLD_MENTION),
                                   ("the withdrawal whitelist", WHITELIST_MENTION)):
                if re.search(pattern, body, re.IGNORECASE) and not re.search(INTERNAL_MENTION, body, re.I):
                    missing.append(f"{a.id} [{lang}] talks about {topic} but not internal transfers")
    assert not missing, "\n".join(missing)


def test_articles_offering_internal_transfers_say_the_hold_and_the_whitelist_apply():
    missing = []
    for a in articles():
        for lang in LANGS:
            body = re.sub(r"\s+", " ", a.body[lang])
            if re.search(INTERNAL_OFFER, body, re.IGNORECASE) and not (
                    re.search(r"\bhold\b|提币限制", body) and re.search(r"whitelist|白名单", body)
                    and re.search(r"irreversible|can't be reversed|不可撤回|无法撤回", body)):
                missing.append(f"{a.id} [{lang}] offers internal transfers without the hold, "
                               "the whitelist and that they can't be reversed")
    assert not missing, "\n".join(missing)


def test_the_internal_transfer_article_states_every_rule():
    for lang, rules in {"en": [r"irreversible", r"Level 1", r"24 hours", r"48 hours", r"whitelist"],
                        "zh": [r"不可撤回", r"Level 1", r"24 小时", r"48 小时", r"白名单"]}.items():
        body = article("internal-transfer-kestrel-users").body[lang]
        for rule in rules:
            assert re.search(rule, body), (lang, rule)


# ---------------------------------------------------------------- identity verification


def kyc_table(body: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in
            re.finditer(r"^\|\s*Level ([012])\s*\|[^|\n]*\|\s*([^|\n]+?)\s*\|\s*$", body, re.MULTILINE)}


def test_level_0_cannot_withdraw_and_the_limit_tables_repeat_the_house_facts():
    kyc = house_facts_block("Identity verification")
    assert re.search(r"Level 0[^-]*\*\*no withdrawals\*\*", kyc), "house facts: Level 0 withdraws nothing"
    limits = {level: re.search(rf"Level {level} \([^)]*\): \*\*([\d,]+) USDT per day\*\*", kyc).group(1)
              for level in "12"}
    for article_id in ("kyc-levels-and-limits", "withdrawal-limits"):
        for lang in LANGS:
            table = kyc_table(article(article_id).body[lang])
            assert set(table) == {"0", "1", "2"}, (article_id, lang)
            assert not re.search(r"\d", table["0"]), (article_id, lang, table["0"])
            assert re.search(r"no withdrawals|不能提币", table["0"], re.IGNORECASE), (article_id, lang)
            for level, amount in limits.items():
                assert amount in table[level], (article_id, lang, level, table[level])


def test_every_restricted_list_names_us_persons_and_the_occupied_regions_of_ukraine():
    checks = {"en": [r"Donetsk", r"Luhansk", r"green-card|US persons|citizens"],
              "zh": [r"顿涅茨克", r"卢甘斯克", r"绿卡|美国人士|美国公民"]}
    incomplete = []
    for a in articles():
        for lang in LANGS:
            if re.search(r"Cuba|古巴", a.body[lang]):
                incomplete += [f"{a.id} [{lang}] lacks {c}" for c in checks[lang]
                               if not re.search(c, a.body[lang])]
    assert not incomplete, "\n".join(incomplete)
    kyc = house_facts_block("Identity verification")
    assert re.search(r"US persons.*wherever they live", kyc)
    assert "Donetsk" in kyc and "Luhansk" in kyc


def test_house_facts_say_the_policy_values_are_the_exchanges_to_set():
    note = house_facts().split("The exchange is **Kestrel Exchange**")[0]
    for value in ("jurisdictions", "KYC levels", "holds", "fee"):
        assert value in note, value
    assert re.search(r"deployer \*\*must edit them\*\*", note)


# ------------------------------------------------------------------------ networks


def network_minutes_range(spec: dict) -> tuple[float, float]:
    """Honest bounds for a network's usual time, from its block (confirmation) time.

    Lower: the counted confirmations themselves. Upper: one more block for the wait before
    the first, 25% slack, and never less than 2 minutes for scanning and crediting.
    """
    seconds = float(spec["seconds_per_confirmation"])
    lower = spec["confirmations"] * seconds / 60
    upper = max(2.0, 1.25 * (spec["confirmations"] + 1) * seconds / 60)
    return lower, upper


def test_usual_times_in_networks_yml_are_true_to_the_block_times():
    wrong = []
    for code, spec in networks().items():
        assert "seconds_per_confirmation" in spec, f"{code}: seconds_per_confirmation is missing"
        lower, upper = network_minutes_range(spec)
        if not lower <= spec["usual_minutes"] <= upper:
            wrong.append(f"{code}: {spec['confirmations']} confirmations take {lower:.1f} min, "
                         f"usual_minutes {spec['usual_minutes']} should be {lower:.1f}-{upper:.1f}")
    assert not wrong, "\n".join(wrong)


def test_house_facts_repeat_networks_yml():
    deposits = house_facts_block("Deposits")
    for code, spec in networks().items():
        label = re.escape(spec["name"].split()[0])
        found = re.search(rf"\b{label}\b[^,(]*?\s(\d+)\b(?:\s+\w+)*\s*\(~(\d+)\s*min", deposits)
        assert found, f"house facts don't give {spec['name']}"
        quoted = (int(found.group(1)), int(found.group(2)))
        assert quoted == (spec["confirmations"], spec["usual_minutes"]), code


def test_the_confirmations_table_repeats_networks_yml():
    by_name = {spec["name"]: spec for spec in networks().values()}
    for lang in LANGS:
        rows = re.findall(r"^\|([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|([^|\n]+)\|",
                          article("deposit-confirmations-by-network").body[lang], re.MULTILINE)
        seen = set()
        for name, coins, confirmations, usual in rows:
            spec = by_name.get(name.strip())
            if spec is None:
                continue
            seen.add(name.strip())
            assert int(re.match(r"\s*(\d+)", confirmations).group(1)) == spec["confirmations"], (lang, name)
            assert int(re.search(r"(\d+)", usual).group(1)) == spec["usual_minutes"], (lang, name)
            assert set(re.findall(r"[A-Z]{2,}", coins)) == set(spec["coins"]), (lang, name)
        assert seen == set(by_name), (lang, set(by_name) - seen)


def network_labels() -> list[tuple[str, str]]:
    """(label, code) for every way the articles name a network, longest first."""
    labels = []
    for code, spec in networks().items():
        names = {spec["name"], spec["name"].split()[0], *spec.get("aliases", [])}
        labels += [(str(n), code) for n in names if len(str(n)) >= 3 or re.search(r"[\u4e00-\u9fff]", str(n))]
    return sorted(labels, key=lambda x: -len(x[0]))


QUOTE_FORMS = [
    # "Ethereum 12 (~3 min)", "BTC 2 个确认（约 30 分钟）"
    r"(?<![\w]){label}\S*\s+(\d+)\s*(?:confirmations?|blocks?|个确认|个区块确认|个区块|个)?\s*"
    r"[(（]\s*(?:~|约)\s*(\d+)\s*(?:min|分钟)",
    # "12 on Ethereum (~3 min)", "15 on BNB Smart Chain (~2 min)"
    r"\b(\d+)\s+(?:confirmations?\s+)?on\s+{label}\S*(?:\s+\w+){{0,3}}\s*\(~(\d+)\s*min",
]


def network_named_by(cell: str) -> str | None:
    for label, code in network_labels():
        if re.match(rf"\s*\**{re.escape(label)}(?![\w])", cell, re.IGNORECASE):
            return code
    return None


def test_quoted_confirmations_and_times_match_networks_yml():
    wrong = []
    for where, lang, text in user_texts():
        # Table rows that start with a network and give a time: "| Ethereum (ERC20) | ~3 min |"
        for row in re.findall(r"^\|(.+)\|\s*$", text, re.MULTILINE):
            cells = row.split("|")
            code = network_named_by(cells[0])
            times = [int(m) for cell in cells[1:]
                     for m in re.findall(r"^\s*(?:~|约)\s*(\d+)\s*(?:min|分钟)\s*$", cell)]
            if code and times and times != [networks()[code]["usual_minutes"]]:
                wrong.append(f"{where} [{lang}]: '|{row}|' but networks.yml has "
                             f"~{networks()[code]['usual_minutes']} min")
        flat = re.sub(r"\s+", " ", text)
        for label, code in network_labels():
            for form in QUOTE_FORMS:
                for m in re.finditer(form.format(label=re.escape(label)), flat, re.IGNORECASE):
                    spec = networks()[code]
                    quoted = (int(m.group(1)), int(m.group(2)))
                    if quoted != (spec["confirmations"], spec["usual_minutes"]):
                        wrong.append(f"{where} [{lang}]: '{m.group(0)}' but networks.yml has "
                                     f"{spec['confirmations']} (~{spec['usual_minutes']} min)")
    assert not wrong, "\n".join(wrong)


def test_block_time_claims_in_prose_are_true():
    """A sentence about one network's blocks that states minutes must fit its block time."""
    wrong = []
    for where, lang, text in user_texts():
        for sentence in units(text):
            if sentence.lstrip().startswith("|"):
                continue
            if not re.search(r"block|confirm|区块|块|确认", sentence, re.IGNORECASE):
                continue
            codes = {code for label, code in network_labels()
                     if re.search(rf"(?<![\w]){re.escape(label)}(?![\w])", sentence, re.IGNORECASE)}
            if len(codes) != 1:
                continue
            spec = networks()[codes.pop()]
            lower, upper = network_minutes_range(spec)
            minutes = r"(\d+(?:\.\d+)?)(?:\s*[-–]\s*(\d+(?:\.\d+)?))?\s*(?:minutes?|min\b|分钟)"
            for low, high in re.findall(minutes, sentence):
                for value in filter(None, (low, high)):
                    if not 0.9 * lower <= float(value) <= upper:
                        wrong.append(f"{where} [{lang}]: {value} min for {spec['name']} "
                                     f"(blocks say {lower:.1f}-{upper:.1f}): {sentence}")
    assert not wrong, "\n".join(wrong)


# --------------------------------------------------------------- contract error table

# Real error strings, as wallets, nodes and dApps print them, and the entry each must reach.
PASTED_ERRORS = [
    # allowance: the token approval is missing or too small
    ("execution reverted: ERC20: transfer amount exceeds allowance", "allowance"),
    ("Error: execution reverted: TransferHelper: TRANSFER_FROM_FAILED", "allowance"),
    ("Fail with error 'TransferHelper::transferFrom: transferFrom failed'", "allowance"),
    ("execution reverted: STF", "allowance"),
    ("reverted with custom error 'ERC20InsufficientAllowance(\"0x7a25…\", 0, 1000000)'", "allowance"),
    ("execution reverted: BEP20: insufficient allowance", "allowance"),
    # slippage
    ("Fail with error 'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT'", "slippage"),
    ("execution reverted: Too little received", "slippage"),
    ("Fail with error 'Pancake: INSUFFICIENT_OUTPUT_AMOUNT'", "slippage"),
    ("swap failed: Price slippage check", "slippage"),
    ('cannot estimate gas; transaction may fail or may require manual gas limit '
     '(reason="execution reverted: UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT", '
     'code=UNPREDICTABLE_GAS_LIMIT)',
     "slippage"),
    # failed gas estimate: not an approval, not a gas-limit typo
    ("gas required exceeds allowance (30000000)", "gas_estimation_failed"),
    ('Internal JSON-RPC error. {"code": -32000, "message": "gas required exceeds allowance (0)"}',
     "gas_estimation_failed"),
    ("err: gas required exceeds allowance (8000000) or always failing transaction", "gas_estimation_failed"),
    ("always failing transaction", "gas_estimation_failed"),
    ("cannot estimate gas; transaction may fail or may require manual gas limit "
     "[ See: https://links.ethers.org/v5-errors-UNPREDICTABLE_GAS_LIMIT ]", "gas_estimation_failed"),
    ("We were not able to estimate gas. There might be an error in the contract "
     "and this transaction may fail.",
     "gas_estimation_failed"),
    ("Gas estimation errored with the following message (see below). "
     "The transaction execution will likely fail.",
     "gas_estimation_failed"),
    ("小狐狸提示无法估算gas，交易可能会失败", "gas_estimation_failed"),
    # nonce
    ("nonce too high", "nonce_too_high"),
    ("Nonce too high. Expected nonce to be 3 but got 7. "
     "Note that transactions can't be queued when automining.",
     "nonce_too_high"),
    ('Internal JSON-RPC error. {"code": -32000, "message": "nonce too high"}', "nonce_too_high"),
    ("发交易提示nonce过高", "nonce_too_high"),
    ("nonce too low", "nonce_too_low"),
    ("err: nonce too low: address 0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0bE, tx: 7 state: 9",
     "nonce_too_low"),
    ("Nonce too low. Expected nonce to be 15 but got 12.", "nonce_too_low"),
    ("nonce has already been used (code=NONCE_EXPIRED)", "nonce_too_low"),
    # pending: a stuck transaction is not a nonce error even when the user mentions the nonce
    ("my tx with nonce 45 has been pending for 3 hours", "pending"),
    ("交易一直pending，后面的都卡住了", "pending"),
    # replacement / underpriced
    ("replacement transaction underpriced", "replacement_underpriced"),
    ("transaction underpriced", "replacement_underpriced"),
    ("replacement fee too low", "replacement_underpriced"),
    # gas balance
    ("insufficient funds for gas * price + value", "insufficient_funds_for_gas"),
    ("err: insufficient funds for gas * price + value: address 0x3f5C… have 0 want 420000000000000",
     "insufficient_funds_for_gas"),
    ("insufficient funds for intrinsic transaction cost", "insufficient_funds_for_gas"),
    ("小狐狸钱包显示 gas费不够", "insufficient_funds_for_gas"),
    # out of gas: the limit was too low
    ("out of gas", "out_of_gas"),
    ("Warning! Error encountered during contract execution [out of gas]", "out_of_gas"),
    ("intrinsic gas too low", "out_of_gas"),
    # TRON resources
    ("OUT_OF_ENERGY", "tron_energy_bandwidth"),
    ("Transaction failed: Not enough energy", "tron_energy_bandwidth"),
    ("Account resource insufficient error.", "tron_energy_bandwidth"),
    ("contractRet: BANDWITH_ERROR", "tron_energy_bandwidth"),
    ("账户能量不足", "tron_energy_bandwidth"),
    ("TronLink提示带宽不足，将消耗TRX", "tron_energy_bandwidth"),
    # generic revert, last
    ("Warning! Error encountered during contract execution [execution reverted]", "execution_reverted"),
    ("Fail with error 'Pancake: K'", "execution_reverted"),
    ("execution reverted: Pausable: paused", "execution_reverted"),
    ("Transaction has been reverted by the EVM", "execution_reverted"),
]

NOT_AN_ERROR = [
    "how do I set an anti-phishing code",
    "custom nonce in metamask, what number do I use",
    "I have no energy to deal with this today",
    "my withdrawal is waiting for approval",
]


@pytest.mark.parametrize(("pasted", "error_id"), PASTED_ERRORS)
def test_a_pasted_error_reaches_its_entry(pasted, error_id):
    recognised = recognise_error(pasted, load_contract_errors(ROOT / "data" / "contract_errors.yml"))
    assert recognised is not None and recognised.id == error_id, (pasted, recognised and recognised.id)


@pytest.mark.parametrize("text", NOT_AN_ERROR)
def test_ordinary_words_are_not_taken_for_an_error(text):
    assert recognise_error(text, load_contract_errors(ROOT / "data" / "contract_errors.yml")) is None


def test_every_error_entry_has_real_examples_and_an_article_for_it():
    errors = load_contract_errors(ROOT / "data" / "contract_errors.yml")
    assert len(PASTED_ERRORS) >= 25
    assert {error.id for error in errors} <= {error_id for _, error_id in PASTED_ERRORS}
    ids = {a.id for a in articles()}
    for error in errors:
        assert error.article in ids, error.article
        found = article(error.article)
        assert (found.category, found.intent) == ("smart_contracts_defi", "smart_contract_error"), error.id


@pytest.mark.parametrize("article_id", ["contract-nonce-too-high", "contract-gas-estimation-failed",
                                        "tron-energy-bandwidth"])
def test_the_new_error_articles_have_10_to_15_questions_per_language(article_id):
    for lang in LANGS:
        assert 10 <= len(article(article_id).questions[lang]) <= 15, (article_id, lang)


# ----------------------------------------------------------------------- article length

jieba.setLogLevel(logging.WARNING)


def word_count(text: str, lang: str) -> int:
    if lang == "en":
        return len(re.findall(r"[A-Za-z0-9]+(?:['’\-.][A-Za-z0-9]+)*", text))
    return sum(1 for word in jieba.lcut(text) if re.search(r"[\u4e00-\u9fffA-Za-z0-9]", word))


def test_every_article_is_120_to_350_words_per_language():
    wrong = [f"{a.id} [{lang}]: {word_count(a.body[lang], lang)} words"
             for a in articles() for lang in LANGS
             if not 120 <= word_count(a.body[lang], lang) <= 350]
    assert not wrong, "\n".join(wrong)



def test_cross_links_in_both_languages_name_existing_articles():
    ids = {a.id for a in articles()}
    broken = [f"{a.id} [{lang}] -> {ref}" for a in articles() for lang in LANGS
              for ref in re.findall(r"\(see: ([a-z0-9-]+)\)", a.body[lang]) if ref not in ids]
    assert not broken, "\n".join(broken)
