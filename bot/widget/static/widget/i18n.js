// The widget's texts in English and Chinese, and how its state is put into words.

import { localized } from "../shared/language.js";
import { formatNextOpen } from "../shared/time.js";
import { MAX_LENGTH } from "./limits.js";

const STRINGS = {
  en: {
    locale: "en",
    title: "Kestrel Support",
    openChat: "Open support chat",
    closeChat: "Close chat",
    send: "Send message",
    placeholder: "Type your question…",
    empty: "Hi! Ask us anything about your Kestrel account.",
    sending: "Sending…",
    notSent: "Not sent.",
    assistant: "Assistant",
    anAgent: "An agent",
    typing: (name) => `${name} is typing…`,
    source: (title) => `Source: ${title}`,
    queued: (position, minutes) =>
      "Waiting for an agent" +
      (position ? ` — you are number ${position} in the queue` : "") +
      (minutes ? `${position ? "," : " —"} about ${minutes} min` : ""),
    offline: (nextOpen) =>
      "Our agents are offline right now" +
      (nextOpen ? `; we'll reply from ${nextOpen}.` : ".") +
      " Leave your message here and it stays in the queue.",
    joined: (name) => `${name} joined the chat`,
    backWithBot: "You're back with the assistant",
    resolved: "This conversation was resolved",
    reconnecting: "Reconnecting…",
    unavailable: "Chat is unavailable right now. Please try again later.",
    ratingTitle: "How did we do?",
    ratingGroup: "Rating",
    star: (n) => (n === 1 ? "1 star" : `${n} stars`),
    ratingComment: "Anything you'd like to add? (optional)",
    ratingSubmit: "Submit",
    thanks: "Thanks for your feedback",
    retryAfter: (seconds) => (seconds < 90 ? `try again in ${seconds} s` : `try again in ${Math.ceil(seconds / 60)} min`),
    errors: {
      message_too_long: `Messages can be at most ${MAX_LENGTH} characters.`,
      empty_message: "The message is empty.",
      invalid_message: "That message could not be read. Please type it again.",
      unknown_session: "Your chat session expired; starting a new one.",
      rate_limited: "You're sending messages too quickly. Please wait a moment.",
      unavailable: "The service is unavailable right now. Please try again shortly.",
      identity_required: "Please log in to your Kestrel account to chat with support.",
      identity_invalid: "We couldn't confirm your login. Please refresh the page or log in again.",
      identity_expired: "Your login has expired. Please refresh the page.",
      identity_malformed: "We couldn't confirm your login. Please refresh the page or log in again.",
    },
  },
  zh: {
    locale: "zh-CN",
    title: "Kestrel 客服",
    openChat: "打开客服聊天",
    closeChat: "关闭聊天",
    send: "发送消息",
    placeholder: "请输入您的问题…",
    empty: "您好！关于 Kestrel 账户的任何问题都可以问我们。",
    sending: "发送中…",
    notSent: "发送失败。",
    assistant: "智能助手",
    anAgent: "客服",
    typing: (name) => `${name} 正在输入…`,
    source: (title) => `来源：${title}`,
    queued: (position, minutes) =>
      "正在等待人工客服" +
      (position ? ` — 您在队列中排第 ${position} 位` : "") +
      (minutes ? `${position ? "，" : " — "}预计约 ${minutes} 分钟` : ""),
    offline: (nextOpen) =>
      "客服目前不在线" +
      (nextOpen ? `，我们将于 ${nextOpen} 起回复。` : "。") +
      "请在此留言，您的消息会一直保留在队列中。",
    joined: (name) => `${name} 已加入对话`,
    backWithBot: "您已回到智能助手",
    resolved: "此对话已解决",
    reconnecting: "正在重新连接…",
    unavailable: "聊天暂时不可用，请稍后再试。",
    ratingTitle: "您对本次服务满意吗？",
    ratingGroup: "评分",
    star: (n) => `${n} 星`,
    ratingComment: "还有什么想告诉我们的吗？（选填）",
    ratingSubmit: "提交",
    thanks: "感谢您的反馈",
    retryAfter: (seconds) => (seconds < 90 ? `${seconds} 秒后可再试` : `${Math.ceil(seconds / 60)} 分钟后可再试`),
    errors: {
      message_too_long: `消息最多 ${MAX_LENGTH} 个字符。`,
      empty_message: "消息不能为空。",
      invalid_message: "无法识别这条消息，请重新输入。",
      unknown_session: "会话已过期，正在开始新的会话。",
      rate_limited: "发送太频繁了，请稍等片刻。",
      unavailable: "服务暂时不可用，请稍后再试。",
      identity_required: "请先登录您的 Kestrel 账户，再联系客服。",
      identity_invalid: "无法确认您的登录状态，请刷新页面或重新登录。",
      identity_expired: "登录已过期，请刷新页面。",
      identity_malformed: "无法确认您的登录状态，请刷新页面或重新登录。",
    },
  },
};

/** The widget's texts in a language ("en" or "zh"; anything else gets English). */
export function texts(language) {
  return localized(STRINGS, language);
}

/** What to tell the user about a refused message or request. */
export function errorText(error, t) {
  const text = (error && (t.errors[error.code] || error.message)) || t.notSent;
  const wait = error && Number(error.retry_after);
  return wait > 0 ? `${text} (${t.retryAfter(Math.ceil(wait))})` : text;
}

/** The banner line for a handoff notice (see noticeFor in state.js), or null for none. */
function noticeText(notice, t) {
  switch (notice?.kind) {
    case "queued":
      return t.queued(notice.position, notice.minutes);
    case "offline":
      return t.offline(notice.nextOpen && formatNextOpen(notice.nextOpen, t.locale));
    case "joined":
      return t.joined(notice.agentName || t.anAgent);
    case "resolved":
      return t.resolved;
    case "back_with_bot":
      return t.backWithBot;
    default:
      return null;
  }
}

/**
 * The banner: a connection problem first, then a refused request, then the handoff.
 * Returns {text, alert}; text null hides it.
 */
export function bannerFor(state, t) {
  if (state.connection) return { text: t[state.connection], alert: true };
  if (state.flash) return { text: errorText(state.flash, t), alert: true };
  return { text: noticeText(state.notice, t), alert: false };
}

/** "Mia is typing…" for whoever is typing (the agent before the bot), or "" for no one. */
export function typingText(typing, t) {
  if (typing.agent) return t.typing(typing.agent.name || t.anAgent);
  if (typing.bot) return t.typing(t.assistant);
  return "";
}
