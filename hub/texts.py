"""What the hub itself says to users, in both languages."""

from __future__ import annotations

from desk.language import pick

TEXTS = {
    "secret_warning": {
        "en": "For your safety I removed what looked like a seed phrase or private key from your "
              "message; it was not stored or shown to anyone. Kestrel staff will never ask for "
              "your seed phrase, private keys, password or 2FA codes. If you shared them anywhere, "
              "move your funds to a new wallet now.",
        "zh": "为了您的安全，您消息中疑似助记词或私钥的内容已被删除，不会被保存或展示给任何人。"
              "Kestrel 工作人员绝不会索要您的助记词、私钥、密码或谷歌验证码。如果您已在别处泄露，"
              "请立即把资产转移到新钱包。",
    },
    "bot_unavailable": {
        "en": "The assistant is unavailable right now. Your message is saved and I've passed the "
              "conversation to a support agent, who will reply here.",
        "zh": "智能客服暂时无法使用。您的消息已保存，并已转给人工客服，客服会在这里回复您。",
    },
    "agent_joined": {"en": "{agent} joined the chat.", "zh": "客服 {agent} 已接入。"},
    "agent_transferred": {"en": "{agent} is taking over the chat.", "zh": "已转接给客服 {agent}。"},
    "released": {
        "en": "Your conversation is back in the queue; the next free agent will pick it up.",
        "zh": "您的对话已重新排队，下一位空闲客服会尽快接入。",
    },
    "returned": {"en": "You're back with the assistant.", "zh": "您已回到智能客服。"},
    "resolved": {"en": "This conversation was marked as resolved.", "zh": "本次对话已标记为已解决。"},
    "offline": {
        "en": "Our agents are offline right now; they are back at {next_open}. Leave your message "
              "here: it stays in the queue and an agent will answer in this chat.",
        "zh": "人工客服目前不在线，将于 {next_open} 恢复服务。请在这里留言，消息会保留在队列中，"
              "客服上线后会在本对话中回复您。",
    },
    "timeout": {
        "en": "Sorry for the wait: no agent has been free yet. You don't need to stay: your "
              "messages stay in the queue, and an agent will answer in this chat as soon as one "
              "is free.",
        "zh": "抱歉让您久等了，目前还没有空闲的客服。您不必一直等待：您的消息会保留在队列中，"
              "客服一有空就会在本对话中回复您。",
    },
    "ticket_opened": {
        "en": "Your case number is {ticket}.",
        "zh": "您的工单号是 {ticket}。",
    },
    "ticket_queued": {
        "en": "Case {ticket}: waiting for an agent, number {position} in the queue (about {minutes} min).",
        "zh": "工单 {ticket}：正在等待客服接入，您排在第 {position} 位，预计约 {minutes} 分钟。",
    },
    "ticket_claimed": {
        "en": "Case {ticket}: {agent} is handling it now, in this chat.",
        "zh": "工单 {ticket}：客服 {agent} 正在本对话中为您处理。",
    },
    "ticket_closed": {
        "en": "Case {ticket} was {state} on {date}. If you need more help, just ask here or "
              "ask for a person.",
        "zh": "工单 {ticket} 已于 {date} {state}。如需进一步帮助，可以直接在这里提问或转人工客服。",
    },
    "ticket_none": {
        "en": "This chat has no case with an agent yet. If you need one, ask for a person.",
        "zh": "本对话目前还没有转人工的工单。如需人工处理，请告诉我“转人工”。",
    },
    "complaint_heard": {
        "en": "I'm sorry this has been so frustrating. I've noted your complaint with your case: "
              "if it needs a person, it goes to an agent ahead of the usual queue. Let's get it "
              "sorted.",
        "zh": "非常抱歉给您带来这么糟糕的体验。您的投诉已记录在案：如需人工处理，会优先转给客服。"
              "我们先把问题解决。",
    },
    "escalation_limited": {
        "en": "You have asked for an agent several times in a short while, so I can't open "
              "another request right now. Please try again in about {minutes} min; if your "
              "account may be compromised, lock it first: Profile → Security → Disable account.",
        "zh": "您在短时间内已多次申请人工客服，暂时无法再次提交。请约 {minutes} 分钟后再试；"
              "如果担心账户被盗，请先禁用账户：个人中心 → 安全设置 → 禁用账户。",
    },
    "rating_thanks": {"en": "Thanks for your feedback!", "zh": "感谢您的评价！"},
    "telegram_help": {
        "en": "I'm Kestrel's support assistant. Ask me about deposits, withdrawals, your account "
              "security, verification or fees, in English or Chinese. Send /human to talk to a "
              "person. I never need your password, 2FA codes, seed phrase or private keys.",
        "zh": "我是 Kestrel 智能客服，可以用中文或英文咨询充币、提币、账户安全、实名认证和手续费等问题。"
              "发送 /human 转人工客服。我们绝不会索要您的密码、谷歌验证码、助记词或私钥。",
    },
    "rate_prompt": {
        "en": "How did we do? Tap a rating (1 = poor, 5 = excellent).",
        "zh": "请为本次服务打分（1 = 很差，5 = 很好）。",
    },
    "rating_comment_prompt": {
        "en": "Thanks! If you like, send one message with a comment about the help you got.",
        "zh": "谢谢！如果愿意，可以再发一条消息，说说您对本次服务的意见。",
    },
    # Telegram's own answers (bot/telegram/inbound.py).
    "telegram_media": {
        "en": "I can only read text here, so I can't see photos, stickers, files, voice messages "
              "or locations. Please describe the problem in words. Never send screenshots of your "
              "seed phrase or private keys: Kestrel staff will never ask for them.",
        "zh": "我在这里只能读取文字，看不到图片、贴纸、文件、语音或位置信息。请用文字描述您遇到的问题。"
              "请勿发送助记词或私钥的截图，Kestrel 工作人员绝不会索要这些信息。",
    },
    "telegram_caption": {
        "en": "I can't see the image or file itself, only the text you sent with it. Never send "
              "screenshots of your seed phrase or private keys: Kestrel staff will never ask for "
              "them.",
        "zh": "我看不到图片或文件本身，只能读取您随附的文字。请勿发送助记词或私钥的截图，"
              "Kestrel 工作人员绝不会索要这些信息。",
    },
    "telegram_edited": {
        "en": "I only read new messages, not edits. If you corrected something, please send it "
              "again as a new message.",
        "zh": "我只能读取新消息，无法读取编辑后的内容。如果您修改了内容，请重新发送一条新消息。",
    },
    "telegram_private_only": {
        "en": "Sorry, I can only help in a private chat, so your account details stay between you "
              "and Kestrel support. Please message me directly. I'm leaving this chat now.",
        "zh": "抱歉，为保护您的账户信息，我只在私聊中提供服务，请直接私信我。我现在将退出此聊天。",
    },
    "telegram_too_long": {
        "en": "That message is too long for me to read (the limit is {limit} characters). Please "
              "send it in shorter parts.",
        "zh": "这条消息太长了（最多 {limit} 个字符），请分成几条较短的消息发送。",
    },
    "telegram_rating_invalid": {
        "en": "Sorry, I couldn't read that rating. Please tap one of the rating buttons, from 1 "
              "(poor) to 5 (excellent).",
        "zh": "抱歉，无法识别这个评分。请点击评分按钮，从 1（很差）到 5（很好）。",
    },
    "telegram_rating_nothing": {
        "en": "There is no finished conversation with an agent to rate yet.",
        "zh": "目前还没有可以评价的人工客服对话。",
    },
    "telegram_rating_already": {
        "en": "You have already rated this conversation. Thank you!",
        "zh": "您已经评价过本次对话，谢谢！",
    },
}


def say(key: str, language: str | None, **values: str) -> str:
    """Return the text in the language, with values filled in."""
    return pick(TEXTS[key], language).format(**values)
