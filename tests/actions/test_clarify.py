"""Asking "did you mean" before handing off, and what each answer to it leads to."""

from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import (
    ARTICLE_INTENT,
    FLOW_MATTERS,
    INTENT_FLOOR,
    KNOWLEDGE_MATTERS,
    NLU_FALLBACK_THRESHOLD,
    NONE_OF_THESE,
    SLOT,
    button_payload,
    choose_candidates,
)
from actions.kb_answer import OUT_OF_SCOPE_RUNNER_UP, ActionAnswerFeedback, ActionKbAnswer
from actions.knowledge import knowledge_base
from actions.language import ValidateSlotMappings
from kb_index.search import Hit
from kb_index.settings import PROJECT_ROOT

from .conftest import customs, make_tracker, responses, slot_events

# Vague messages whose best article is below the answer threshold, with plausible ones
# above the floor, in each language.
VAGUE = {"en": "something seems wrong with my balance", "zh": "资产显示不对劲"}
# Telegram carries a button's payload as callback_data, at most 64 bytes.
TELEGRAM_CALLBACK_BYTES = 64


def unsure(language: str, ranking: list[tuple[str, float]], text: str | None = None, **kwargs):
    """A message the NLU fallback sent to the knowledge base, with the classifier's ranking."""
    return make_tracker(text or VAGUE[language], "nlu_fallback", confidence=0.35,
                        slots={"language": language, **kwargs.pop("slots", {})},
                        ranking=ranking, **kwargs)


def offered(dispatcher) -> tuple[list[dict], list[dict]]:
    """The buttons of the clarification sent, and the candidates its JSON lists."""
    [message] = [m for m in dispatcher.messages if m.get("response") == "utter_clarify"]
    [clarification] = customs(dispatcher, "clarification")
    return message["buttons"], clarification["candidates"]


def after_clarification(offer_events: list, **kwargs):
    """A tracker whose bot turn before the latest message asked the clarification."""
    value = slot_events(offer_events)[SLOT]
    turn = [{"event": "user", "text": "earlier", "parse_data": {}},
            {"event": "action", "name": "action_kb_answer"},
            {"event": "slot", "name": SLOT, "value": value}]
    slots = {SLOT: value, **kwargs.pop("slots", {})}
    return make_tracker(slots=slots, history=turn, **kwargs), value


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_an_unclear_message_gets_its_likeliest_readings_as_buttons(dispatcher, domain,
                                                                         language):
    tracker = unsure(language, [("deposit_delay", 0.34), ("faq_general", 0.12)])

    events = await ActionKbAnswer().run(dispatcher, tracker, domain)

    buttons, candidates = offered(dispatcher)
    assert customs(dispatcher, "handoff") == [] and customs(dispatcher, "article") == []
    assert 2 <= len(candidates) <= 3
    assert [b["payload"] for b in buttons[:-1]] == [c["payload"] for c in candidates]
    assert buttons[-1] == {"title": NONE_OF_THESE[language], "payload": "/deny"}
    # The flow's intent is offered with its own label, in the user's language.
    assert {"title": FLOW_MATTERS["deposit_delay"][language], "payload": "/deposit_delay"} in buttons
    titles = knowledge_base().current().articles
    for candidate in candidates:
        if candidate["kind"] == "article":
            assert candidate["title"] == titles[candidate["article"]].title[language]
            assert candidate["payload"] == button_payload(ARTICLE_INTENT, candidate["article"])
    assert len({b["payload"] for b in buttons}) == len(buttons)
    slots = slot_events(events)
    assert slots[SLOT] == {"question": VAGUE[language], "candidates": candidates}
    assert slots["awaiting_feedback"] is False


def test_the_question_is_asked_in_both_languages(domain):
    variants = domain["responses"]["utter_clarify"]
    assert variants[0]["text"].endswith("Did you mean:")
    assert variants[1]["condition"][0]["value"] == "zh" and "您是想问" in variants[1]["text"]


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_a_picked_article_is_shown_as_a_confident_answer_would_be(dispatcher, domain,
                                                                        language):
    tracker = make_tracker('/faq_general{"article":"withdrawal-fees"}', "faq_general",
                           confidence=1.0, ranking=[], slots={"language": language},
                           entities=[{"entity": "article", "value": "withdrawal-fees"}])

    events = await ActionKbAnswer().run(dispatcher, tracker, domain)

    [source] = customs(dispatcher, "article")
    assert (source["id"], source["language"]) == ("withdrawal-fees", language)
    assert dispatcher.messages[0]["text"].startswith(f"**{source['title']}**")
    assert responses(dispatcher) == ["utter_ask_feedback"]
    assert slot_events(events) == {"last_article": "withdrawal-fees", "awaiting_feedback": True,
                                   SLOT: None}


async def test_a_picked_knowledge_matter_shows_the_article_offered_for_it(dispatcher, domain):
    tracker = unsure("en", [("password_reset", 0.34), ("reset_2fa", 0.3)])
    await ActionKbAnswer().run(dispatcher, tracker, domain)
    [matter] = [c for c in offered(dispatcher)[1] if c.get("intent") == "password_reset"]
    assert matter["article"] == "password-reset"
    assert matter["payload"] == '/password_reset{"article":"password-reset"}'

    pick = make_tracker(matter["payload"], "password_reset", confidence=1.0, ranking=[],
                        entities=[{"entity": "article", "value": matter["article"]}])
    picked = CollectingDispatcher()
    await ActionKbAnswer().run(picked, pick, domain)

    assert [a["id"] for a in customs(picked, "article")] == ["password-reset"]
    assert responses(picked) == ["utter_ask_feedback"]


@pytest.mark.parametrize("intent", sorted(FLOW_MATTERS))
def test_a_picked_flow_matter_starts_the_flow_by_the_intents_own_rule(domain, intent):
    rules = yaml.safe_load((PROJECT_ROOT / "data/rules/rules_flows.yml").read_text())["rules"]
    starts = [r["steps"] for r in rules if "condition" not in r
              and r["steps"][0] == {"intent": intent}]

    assert button_payload(intent) == f"/{intent}" and intent in domain["intents"]
    assert len(starts) == 1 and starts[0][-1]["active_loop"].endswith("_form")
    assert set(FLOW_MATTERS[intent]) == {"en", "zh"}


@pytest.mark.parametrize("listed", ["by name", "with properties"])
async def test_a_button_keeps_the_conversations_language(dispatcher, domain, listed):
    # A payload is English-looking text; it must not switch a Chinese conversation. Rasa
    # sends the action server its domain with each intent as {name: properties}.
    if listed == "with properties":
        domain = {**domain, "intents": [{i: {"use_entities": True}} for i in domain["intents"]]}
    tracker = make_tracker("/deposit_delay", "deposit_delay", slots={"language": "zh"})
    events = await ValidateSlotMappings().run(dispatcher, tracker, domain)
    assert [e for e in events if e.get("name") == "language"] == []


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_none_of_these_hands_off_with_what_was_offered(dispatcher, domain, language):
    events = await ActionKbAnswer().run(dispatcher, unsure(language, [("deposit_delay", 0.34)]),
                                        domain)
    _, candidates = offered(dispatcher)
    tracker, _ = after_clarification(events, text="/deny", intent="deny", confidence=1.0,
                                     ranking=[], slots={"language": language})

    handed = CollectingDispatcher()
    events = await ActionAnswerFeedback().run(handed, tracker, domain)

    [handoff] = customs(handed, "handoff")
    assert handoff["reason"] == "low_confidence" and handoff["language"] == language
    clarification = handoff["details"]["clarification"]
    assert clarification["question"] == VAGUE[language]
    assert clarification["outcome"] == "none_of_these" and clarification["reply"] == "/deny"
    assert [o["title"] for o in clarification["offered"]] == [c["title"] for c in candidates]
    assert responses(handed) == ["utter_handoff_low_confidence"]
    assert slot_events(events)[SLOT] is None


async def test_a_second_miss_right_after_a_clarification_hands_off(dispatcher, domain):
    events = await ActionKbAnswer().run(dispatcher, unsure("en", [("deposit_delay", 0.34)]),
                                        domain)
    tracker, _ = after_clarification(
        events, text="hmm not really, it is the numbers on my account", intent="nlu_fallback",
        confidence=0.35, ranking=[("withdrawal_delay", 0.3)])

    handed = CollectingDispatcher()
    await ActionKbAnswer().run(handed, tracker, domain)

    assert [m for m in handed.messages if m.get("response") == "utter_clarify"] == []
    [handoff] = customs(handed, "handoff")
    assert handoff["reason"] == "low_confidence"
    assert handoff["details"]["clarification"]["outcome"] == "missed_again"
    assert handoff["details"]["clarification"]["reply"] == tracker.latest_message["text"]
    assert handoff["details"]["clarification"]["offered"]


async def test_a_clarification_is_kept_for_the_one_message_that_answers_it(dispatcher, domain):
    events = await ActionKbAnswer().run(dispatcher, unsure("en", [("deposit_delay", 0.34)]),
                                        domain)
    answering, value = after_clarification(events, text="/deny", intent="deny", ranking=[])
    later = make_tracker("hello again", "greet", slots={SLOT: value},
                         history=[{"event": "user", "text": "/deny", "parse_data": {}},
                                  {"event": "action", "name": "utter_how_can_help"}])

    kept = await ValidateSlotMappings().run(CollectingDispatcher(), answering, domain)
    cleared = await ValidateSlotMappings().run(CollectingDispatcher(), later, domain)

    assert SLOT not in slot_events(kept)
    assert slot_events(cleared)[SLOT] is None


async def test_yes_to_a_single_article_shows_it_and_to_several_asks_again(dispatcher, domain):
    events = await ActionKbAnswer().run(dispatcher, unsure("en", [("deposit_delay", 0.34)]),
                                        domain)
    several, value = after_clarification(events, text="yes", intent="affirm", ranking=[])
    article = next(c for c in value["candidates"] if c["kind"] == "article")
    one = make_tracker("yes", "affirm", ranking=[],
                       slots={SLOT: {"question": value["question"], "candidates": [article]}})

    again, shown = CollectingDispatcher(), CollectingDispatcher()
    await ActionAnswerFeedback().run(again, several, domain)
    await ActionAnswerFeedback().run(shown, one, domain)

    assert offered(again)[1] == value["candidates"]
    assert [a["id"] for a in customs(shown, "article")] == [article["article"]]


@pytest.mark.parametrize(("intent", "reason", "first"), [
    ("account_compromised", "urgent", ["utter_compromised_steps", "utter_handoff_urgent"]),
    ("complaint", "complaint", ["utter_handoff_complaint"]),
    ("request_human", "asked_for_human", ["utter_handoff_human"]),
])
async def test_a_matter_that_needs_a_person_goes_straight_to_one(dispatcher, domain, intent,
                                                                reason, first):
    tracker = unsure("en", [(intent, 0.3), ("deposit_delay", 0.29)])

    await ActionKbAnswer().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == first
    assert customs(dispatcher, "clarification") == []
    assert customs(dispatcher, "handoff")[0]["reason"] == reason


async def test_a_person_matter_below_the_floor_does_not_skip_the_question(dispatcher, domain):
    tracker = unsure("en", [("complaint", INTENT_FLOOR - 0.05), ("deposit_delay", 0.14)])
    await ActionKbAnswer().run(dispatcher, tracker, domain)
    assert customs(dispatcher, "handoff") == []
    assert all(c.get("intent") != "complaint" for c in offered(dispatcher)[1])


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_out_of_scope_is_declined_not_clarified(dispatcher, domain, language):
    tracker = unsure(language, [("out_of_scope", 0.3), ("deposit_delay", 0.29)])
    await ActionKbAnswer().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_out_of_scope"]
    assert customs(dispatcher, "clarification") == [] and customs(dispatcher, "handoff") == []


@pytest.mark.parametrize(("language", "text"), [
    ("en", "what's a good recipe for lasagne"),
    ("zh", "今天晚饭吃什么好呢"),
])
async def test_with_nothing_plausible_to_offer_it_hands_off_as_before(dispatcher, domain,
                                                                      language, text):
    tracker = unsure(language, [("greet", 0.2), ("deposit_delay", INTENT_FLOOR - 0.01)], text=text)
    await ActionKbAnswer().run(dispatcher, tracker, domain)
    assert customs(dispatcher, "clarification") == []
    [handoff] = customs(dispatcher, "handoff")
    assert handoff["reason"] == "low_confidence" and "clarification" not in handoff["details"]


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_with_nothing_to_offer_a_possibly_out_of_scope_question_is_declined(
        dispatcher, domain, language):
    text = {"en": "how long is the train from Taipei to Kaohsiung", "zh": "台北到高雄的火车要多久"}
    tracker = unsure(language, [("greet", 0.2), ("out_of_scope", OUT_OF_SCOPE_RUNNER_UP)],
                     text=text[language])
    await ActionKbAnswer().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_out_of_scope"]
    assert customs(dispatcher, "handoff") == []


async def test_out_of_scope_below_the_runner_up_floor_still_goes_to_a_person(dispatcher, domain):
    tracker = unsure("en", [("greet", 0.2), ("out_of_scope", OUT_OF_SCOPE_RUNNER_UP - 0.01)],
                     text="what's a good recipe for lasagne")
    await ActionKbAnswer().run(dispatcher, tracker, domain)
    [handoff] = customs(dispatcher, "handoff")
    assert handoff["reason"] == "low_confidence"


def hit(article_id: str, confidence: float) -> Hit:
    return Hit(article_id, "en", 1.0, confidence, confidence, 0.0, article_id)


def test_candidates_are_ranked_against_their_own_threshold_and_offered_once():
    articles = knowledge_base().current().articles
    hits = [hit("password-reset", 0.40), hit("talk-to-a-human", 0.44),
            hit("withdrawal-fees", 0.20), hit("login-locked-wrong-password", 0.30)]
    ranking = [("password_reset", 0.34), ("deposit_delay", 0.30), ("account_locked", 0.25),
               ("kyc_verification", 0.22)]

    chosen = choose_candidates(hits, ranking, articles, "en", threshold=0.45)

    # 0.34 of 0.35 beats 0.40 of 0.45: password-reset comes as the matter, not again as
    # an article; the person article is left to the last button; withdrawal-fees is below
    # 0.6 x 0.45; account_locked brings its best article; three at most.
    assert [(c.kind, c.article, c.intent) for c in chosen] == [
        ("matter", "password-reset", "password_reset"),
        ("matter", None, "deposit_delay"),
        ("matter", "login-locked-wrong-password", "account_locked"),
    ]
    assert [c.title for c in chosen] == [KNOWLEDGE_MATTERS["password_reset"]["en"],
                                         FLOW_MATTERS["deposit_delay"]["en"],
                                         KNOWLEDGE_MATTERS["account_locked"]["en"]]


def test_intents_below_the_floor_and_person_matters_are_never_offered():
    articles = knowledge_base().current().articles
    ranking = [("request_human", 0.3), ("complaint", 0.3), ("deposit_delay", INTENT_FLOOR - 0.01)]
    assert choose_candidates([], ranking, articles, "en", threshold=0.45) == []


def test_every_button_payload_fits_a_telegram_callback():
    articles = knowledge_base().current().articles.values()
    payloads = [button_payload(ARTICLE_INTENT, a.id) for a in articles]
    payloads += [button_payload(a.intent, a.id) for a in articles if a.intent in KNOWLEDGE_MATTERS]
    payloads += [button_payload(intent) for intent in FLOW_MATTERS]
    assert max(len(p.encode()) for p in payloads) <= TELEGRAM_CALLBACK_BYTES


def test_the_intent_floor_follows_the_nlu_fallback_threshold():
    config = yaml.safe_load(Path(PROJECT_ROOT / "config.yml").read_text())
    [fallback] = [c for c in config["pipeline"] if c["name"] == "FallbackClassifier"]
    assert NLU_FALLBACK_THRESHOLD == fallback["threshold"]


def test_every_matter_is_an_intent_with_a_label_in_both_languages(domain):
    for intent, labels in {**FLOW_MATTERS, **KNOWLEDGE_MATTERS}.items():
        assert intent in domain["intents"]
        assert set(labels) == {"en", "zh"} and all(labels.values())
