"""Whatever a person types and the desk stores is cleaned of seed phrases and keys: user
messages, rating comments, agents' messages and agents' notes."""

from mnemonic import Mnemonic
from sqlalchemy import select

from storage.schema import messages, notes, ratings


async def _stored_text(engine) -> str:
    async with engine.connect() as db:
        texts = [r[0] or "" for r in (await db.execute(select(messages.c.text))).all()]
        texts += [r[0] or "" for r in (await db.execute(select(notes.c.text))).all()]
        texts += [r[0] or "" for r in (await db.execute(select(ratings.c.comment))).all()]
    return "\n".join(texts)


async def test_notes_rating_comments_and_agent_messages_are_redacted(widget_user, console,
                                                                     hub_server):
    phrase = Mnemonic("english").generate(128)
    middle = " ".join(phrase.split()[2:10])
    mia = await console()
    user = await widget_user()
    await user.say("I want to talk to a person")
    await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    handoff = (await mia.api("POST", "/api/queue/next"))["handoff"]
    cid = handoff["conversation_id"]
    await mia.api("POST", f"/api/conversations/{cid}/notes",
                  {"text": f"user pasted their phrase earlier: {phrase}"})
    await mia.api("POST", f"/api/conversations/{cid}/messages",
                  {"text": f"please never send anyone words like {phrase}"})
    await mia.api("POST", f"/api/handoffs/{handoff['id']}/resolve")
    await user.wait_for("rating_request")
    ack = await user.sio.call("rating", {"session_id": user.session_id, "score": 2,
                                         "comment": f"the agent asked for my seed {phrase}"})
    assert ack["ok"]
    stored = await _stored_text(hub_server.hub.store.engine)
    assert middle not in stored, stored
    assert stored.count("[redacted]") >= 3




async def test_a_phrase_sent_in_three_pieces_is_removed_from_all_three(widget_user, hub_server):
    words = Mnemonic("english").generate(128).split()
    user = await widget_user()
    for piece in (words[:4], words[4:8], words[8:]):
        await user.say(" ".join(piece))
    await user.wait_for("bot_uttered", lambda d: d["sender"] == "system" and "never ask" in d["text"])
    conversation = await hub_server.hub.store.get_by_channel("web", user.address)
    stored = [m.text for m in await hub_server.hub.store.messages_after(conversation.id)
              if m.sender.value == "user"]
    assert len(stored) == 3
    for piece in (words[:4], words[4:8], words[8:]):
        assert " ".join(piece) not in "\n".join(stored)
    assert (await hub_server.hub.store.get(conversation.id)).flagged_secret
