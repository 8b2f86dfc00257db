from actions.kb_answer import ActionAnswerFeedback, ActionKbAnswer

from .conftest import customs, make_tracker, responses, slot_events


async def test_answers_with_the_article_and_its_source(dispatcher, domain):
    tracker = make_tracker("how do I set up the anti-phishing code in emails", "faq_general")
    events = await ActionKbAnswer().run(dispatcher, tracker, domain)

    [source] = customs(dispatcher, "article")
    assert source["id"] == "anti-phishing-code"
    assert source["language"] == "en" and source["title"]
    assert dispatcher.messages[0]["text"].startswith(f"**{source['title']}**")
    assert responses(dispatcher) == ["utter_ask_feedback"]
    assert slot_events(events) == {"last_article": "anti-phishing-code", "awaiting_feedback": True,
                                   "clarification_offered": None}


async def test_answers_in_chinese_for_a_chinese_conversation(dispatcher, domain):
    tracker = make_tracker("防钓鱼码在哪里设置", "faq_general", slots={"language": "zh"})
    await ActionKbAnswer().run(dispatcher, tracker, domain)
    [source] = customs(dispatcher, "article")
    assert source["id"] == "anti-phishing-code" and source["language"] == "zh"
    assert "防钓鱼" in dispatcher.messages[0]["text"]


async def test_escalates_when_no_article_fits(dispatcher, domain):
    tracker = make_tracker("what's a good recipe for lasagne", "nlu_fallback", confidence=0.2)
    events = await ActionKbAnswer().run(dispatcher, tracker, domain)

    assert customs(dispatcher, "article") == []
    [handoff] = customs(dispatcher, "handoff")
    assert handoff["reason"] == "low_confidence" and handoff["priority"] == "normal"
    assert handoff["language"] == "en"
    assert handoff["intent_ranking"][0] == {"intent": "nlu_fallback", "confidence": 0.2}
    assert handoff["last_user_message"] == "what's a good recipe for lasagne"
    assert "utter_handoff_low_confidence" in responses(dispatcher)
    assert slot_events(events)["handoff_reason"] == "low_confidence"


async def test_yes_thanks_and_closes_the_question(dispatcher, domain):
    tracker = make_tracker("yes", "affirm", slots={"awaiting_feedback": True,
                                                   "last_article": "anti-phishing-code"})
    events = await ActionAnswerFeedback().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_glad_it_helped"]
    assert customs(dispatcher, "feedback") == [{"article": "anti-phishing-code", "helped": True}]
    assert slot_events(events) == {"awaiting_feedback": False}


async def test_no_offers_a_rephrase_or_a_person(dispatcher, domain):
    tracker = make_tracker("no", "deny", slots={"awaiting_feedback": True,
                                                "last_article": "anti-phishing-code"})
    await ActionAnswerFeedback().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_rephrase_or_human"]
    assert customs(dispatcher, "feedback")[0]["helped"] is False


def test_cross_references_show_titles_not_ids():
    from actions.knowledge import knowledge_base, render_body, titles_in

    kb = knowledge_base().current()
    article = kb.article("deposit-memo-tag-missing")
    for language, expected in (("en", '(see: "'), ("zh", "（参见：《")):
        body = render_body(article, language, titles_in(language))
        assert "deposit-how-to-find-txid" not in body
        assert expected in body


def test_each_language_has_the_threshold_for_its_confidence_scale():
    from actions.settings import ActionSettings
    from kb_index.settings import KBSettings

    settings = ActionSettings(kb_answer_threshold=0.45, kb_answer_threshold_zh=0.5,
                              kb_answer_threshold_lexical=0.3)
    assert settings.answer_threshold("en") == 0.45
    assert settings.answer_threshold("zh") == 0.5
    # Without the Chinese encoder, Chinese is searched with BM25 alone.
    english_only = ActionSettings(kb=KBSettings(dense_languages=("en",)),
                                  kb_answer_threshold_lexical=0.3)
    assert english_only.answer_threshold("zh") == 0.3
