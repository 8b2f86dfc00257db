/*
 * Kestrel support desk: the website chat widget.
 *
 * Embed with <script src="https://HUB/widget.js" defer></script>; add data-language="en" or
 * "zh" to fix the language. Speaks the hub's socket.io protocol (docs/hub-protocol.md).
 * The host page gets window.KestrelDesk = {open(), close(), sessionId()}.
 */
(function () {
  "use strict";

  if (window.KestrelDesk) return; // embedded twice

  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  const HUB = new URL(script.src, location.href).origin;

  const MAX_LENGTH = 2000;
  const COUNTER_FROM = 1800;
  const RATING_COMMENT_MAX = 1000;
  const TYPING_REFRESH_MS = 2500;
  const TYPING_IDLE_MS = 3000;
  // A hub that drops the "stopped typing" event must not leave the dots up forever.
  const TYPING_TIMEOUT_MS = 30000;
  const ERROR_FLASH_MS = 6000;
  const NEAR_BOTTOM_PX = 80;
  const KEYS = { session: "kestrelDesk.sessionId", lastId: "kestrelDesk.lastId" };

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
      errors: {
        message_too_long: `Messages can be at most ${MAX_LENGTH} characters.`,
        empty_message: "The message is empty.",
        unknown_session: "Your chat session expired; starting a new one.",
        rate_limited: "You're sending messages too quickly. Please wait a moment.",
        unavailable: "The service is unavailable right now. Please try again shortly.",
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
      errors: {
        message_too_long: `消息最多 ${MAX_LENGTH} 个字符。`,
        empty_message: "消息不能为空。",
        unknown_session: "会话已过期，正在开始新的会话。",
        rate_limited: "发送太频繁了，请稍等片刻。",
        unavailable: "服务暂时不可用，请稍后再试。",
      },
    },
  };

  const ICONS = {
    chat: "M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
    send: "M2.01 21 23 12 2.01 3 2 10l15 2-15 2z",
  };

  // Only a language the page set explicitly is sent to the hub; otherwise the bot detects it.
  const explicitLanguage = ["en", "zh"].includes(script.dataset.language) ? script.dataset.language : null;
  const language = explicitLanguage || (/^zh/i.test(navigator.language || "") ? "zh" : "en");
  const t = STRINGS[language];

  const storage = {
    get(key) {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem(key, String(value));
      } catch {
        // Storage is disabled: the chat still works, it just won't survive a reload.
      }
    },
    remove(key) {
      try {
        localStorage.removeItem(key);
      } catch {
        // As above.
      }
    },
  };

  // ---- state ---------------------------------------------------------------------------

  let socket = null;
  let connecting = false;
  let sessionId = storage.get(KEYS.session);
  let forgetSession = false; // the hub said the session is unknown: ask for a new one
  let confirmedOnce = false; // a session was confirmed earlier in this page's life
  let ready = false; // connected and the session confirmed: user messages may go out
  let lastId = Number(storage.get(KEYS.lastId)) || 0;
  const shownIds = new Set();
  const outbox = []; // user messages not yet acknowledged: {clientId, message, row, bubble, status}
  let currentButtons = [];
  let handoff = null; // the last handoff_state
  const banner = { connection: null, flash: null, handoff: null };
  let flashTimer = null;
  const typing = { bot: null, agent: null }; // name shown while that side is typing
  const typingTimers = {};
  let typingSentAt = 0;
  let typingIdleTimer = null;
  const ratedHandoffs = new Set();
  let unread = 0;
  let ui = null; // the widget's elements, once built

  // ---- DOM -----------------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function withTestId(node, testId) {
    node.dataset.testid = testId;
    return node;
  }

  function icon(path) {
    const svgNs = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const shape = document.createElementNS(svgNs, "path");
    shape.setAttribute("d", path);
    svg.append(shape);
    return svg;
  }

  // Text buttons show their label; icon buttons pass the icon as content.
  function button(className, label, content) {
    const node = el("button", className);
    node.type = "button";
    node.setAttribute("aria-label", label);
    node.append(content || label);
    return node;
  }

  function injectStylesheet(onLoad) {
    const href = HUB + "/widget.css";
    if (document.querySelector(`link[href="${href}"]`)) return onLoad();
    const link = el("link");
    link.rel = "stylesheet";
    link.href = href;
    link.addEventListener("load", onLoad);
    document.head.append(link);
  }

  function buildLauncher() {
    const launcher = withTestId(button("kd-launcher", t.openChat, icon(ICONS.chat)), "widget-launcher");
    launcher.setAttribute("aria-expanded", "false");
    launcher.append(icon(ICONS.close));
    const badge = el("span", "kd-badge");
    badge.hidden = true;
    badge.setAttribute("aria-hidden", "true");
    launcher.append(badge);
    launcher.addEventListener("click", () => (isOpen() ? close() : open()));
    return { launcher, badge };
  }

  function buildHeader() {
    const header = el("div", "kd-header");
    const closeButton = button("kd-close", t.closeChat, icon(ICONS.close));
    closeButton.addEventListener("click", close);
    header.append(el("div", "kd-title", t.title), closeButton);
    return header;
  }

  function buildComposer() {
    const composer = el("div", "kd-composer");
    const input = withTestId(el("textarea", "kd-input"), "widget-input");
    input.rows = 1;
    input.maxLength = MAX_LENGTH;
    input.placeholder = t.placeholder;
    input.setAttribute("aria-label", t.placeholder);
    input.setAttribute("enterkeyhint", "send");
    input.addEventListener("keydown", onInputKeydown);
    input.addEventListener("input", onInputChange);
    const counter = el("div", "kd-counter");
    counter.hidden = true;
    const send = withTestId(button("kd-send", t.send, icon(ICONS.send)), "widget-send");
    send.addEventListener("click", sendTypedMessage);
    composer.append(input, send, counter);
    return { composer, input, counter };
  }

  function buildPanel() {
    const panel = withTestId(el("div", "kd-panel"), "widget-panel");
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", t.title);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
    });

    const bannerNode = withTestId(el("div", "kd-banner"), "handoff-banner");
    bannerNode.setAttribute("role", "status");
    bannerNode.hidden = true;

    const messages = withTestId(el("div", "kd-messages"), "widget-messages");
    messages.setAttribute("role", "log");
    messages.setAttribute("aria-live", "polite");
    messages.dataset.empty = t.empty;

    const typingIndicator = withTestId(el("div", "kd-typing"), "typing-indicator");
    typingIndicator.hidden = true;
    const dots = el("span", "kd-typing__dots");
    dots.setAttribute("aria-hidden", "true");
    dots.append(el("span"), el("span"), el("span"));
    const typingLabel = el("span", "kd-typing__label");
    typingIndicator.append(dots, typingLabel);

    const quickReplies = el("div", "kd-quick-replies");
    quickReplies.hidden = true;

    const { composer, input, counter } = buildComposer();
    panel.append(buildHeader(), bannerNode, messages, typingIndicator, quickReplies, composer);
    return { panel, banner: bannerNode, messages, typingIndicator, typingLabel, quickReplies, input, counter };
  }

  function buildWidget() {
    const root = el("div", "kd-root");
    root.lang = t.locale;
    root.hidden = true; // until the stylesheet is in, so the page never shows it unstyled
    const { launcher, badge } = buildLauncher();
    const parts = buildPanel();
    root.append(parts.panel, launcher);
    document.body.append(root);
    injectStylesheet(() => (root.hidden = false));
    return { root, launcher, badge, ...parts };
  }

  // ---- open / close --------------------------------------------------------------------

  function isOpen() {
    return !ui.panel.hidden;
  }

  function open() {
    if (isOpen()) return;
    ui.panel.hidden = false;
    ui.root.classList.add("kd-root--open");
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.launcher.setAttribute("aria-label", t.closeChat);
    setUnread(0);
    connect();
    scrollToBottom();
    // On touch screens focusing would pop up the keyboard over the conversation.
    if (matchMedia("(pointer: fine)").matches) ui.input.focus();
  }

  function close() {
    if (!isOpen()) return;
    const hadFocus = ui.panel.contains(document.activeElement);
    ui.panel.hidden = true;
    ui.root.classList.remove("kd-root--open");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.setAttribute("aria-label", t.openChat);
    if (hadFocus) ui.launcher.focus();
  }

  function setUnread(count) {
    unread = count;
    ui.badge.hidden = count === 0;
    ui.badge.textContent = count > 9 ? "9+" : String(count);
  }

  // ---- message list --------------------------------------------------------------------

  function isNearBottom() {
    const list = ui.messages;
    return list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM_PX;
  }

  function scrollToBottom() {
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function appendToList(node, alwaysScroll) {
    const follow = alwaysScroll || isNearBottom();
    ui.messages.append(node);
    if (follow) scrollToBottom();
  }

  function messageBubble(sender, id, content) {
    const bubble = withTestId(el("div", "kd-bubble"), "message");
    bubble.dataset.sender = sender;
    if (id != null) bubble.dataset.id = id;
    bubble.append(content);
    return bubble;
  }

  function rememberShown(id) {
    if (id == null) return;
    shownIds.add(id);
    if (id > lastId) {
      lastId = id;
      storage.set(KEYS.lastId, lastId);
    }
  }

  function appendSystemLine(text, id) {
    const line = messageBubble("system", id, text);
    line.className = "kd-system";
    appendToList(line);
  }

  function appendUserRow(text, id) {
    const row = el("div", "kd-row kd-row--user");
    const bubble = messageBubble("user", id, text);
    row.append(bubble);
    appendToList(row, true);
    return { row, bubble };
  }

  function appendReply(message) {
    const sender = message.sender === "agent" ? "agent" : "bot";
    const row = el("div", `kd-row kd-row--${sender}`);
    if (sender === "agent") row.append(el("div", "kd-name", message.agent_name || t.anAgent));
    const bubble = messageBubble(sender, message.id, renderMarkdown(message.text));
    if (message.created_at) bubble.title = formatTime(message.created_at);
    row.append(bubble);
    if (message.article && message.article.title) {
      row.append(withTestId(el("div", "kd-source", t.source(message.article.title)), "article-source"));
    }
    appendToList(row);
  }

  // Renders a stored message (from `history` or `bot_uttered`) unless it is already shown.
  function renderStoredMessage(message) {
    if (message.id != null && shownIds.has(message.id)) return false;
    if (message.sender === "user") {
      renderStoredUserMessage(message);
    } else if (message.sender === "system") {
      appendSystemLine(message.text, message.id);
    } else {
      if (message.text) appendReply(message);
      showQuickReplies(message.quick_replies || message.buttons || []);
    }
    rememberShown(message.id);
    return true;
  }

  function renderStoredUserMessage(message) {
    // A message sent just before the connection dropped may come back in the history
    // before its ack: settle the pending bubble instead of showing the text twice.
    const pending = outbox.find((entry) => entry.message === message.text);
    if (pending) {
      settle(pending, message.id, null);
    } else {
      appendUserRow(displayTextFor(message.text), message.id);
    }
    clearQuickReplies();
  }

  // A quick reply is stored as its payload; show the button's title as the user saw it.
  function displayTextFor(text) {
    const pressed = currentButtons.find((choice) => choice.payload === text);
    return pressed ? pressed.title : text;
  }

  function formatTime(iso) {
    const date = new Date(iso);
    return isNaN(date) ? "" : date.toLocaleString(t.locale);
  }

  // ---- Markdown subset: paragraphs, **bold**, `code`, "1. " and "- " lists -------------

  const LIST_ITEM = /^\s*(?:(\d+)\.|-)\s+(.*)$/;
  const INLINE = /\*\*(.+?)\*\*|`([^`]+)`/g;

  function renderMarkdown(text) {
    const fragment = document.createDocumentFragment();
    for (const block of text.split(/\n\s*\n/)) {
      if (block.trim()) appendBlock(fragment, block);
    }
    return fragment;
  }

  function appendBlock(parent, block) {
    let paragraph = null;
    let list = null;
    for (const line of block.split("\n")) {
      const item = line.match(LIST_ITEM);
      if (item) {
        list = listFor(parent, list, item[1]);
        list.append(appendInline(el("li"), item[2]));
        paragraph = null;
      } else if (list && /^\s+\S/.test(line)) {
        appendInline(list.lastChild, "\n" + line.trim()); // an indented continuation line
      } else if (line.trim()) {
        list = null;
        if (paragraph) paragraph.append("\n");
        else paragraph = parent.appendChild(el("p"));
        appendInline(paragraph, line);
      }
    }
  }

  // The list an item belongs to: the current one if it has the same kind, else a new one.
  function listFor(parent, current, number) {
    const tag = number ? "OL" : "UL";
    if (current && current.tagName === tag) return current;
    const list = parent.appendChild(el(tag.toLowerCase()));
    if (number && number !== "1") list.start = Number(number);
    return list;
  }

  function appendInline(parent, text) {
    let last = 0;
    for (const match of text.matchAll(INLINE)) {
      parent.append(text.slice(last, match.index));
      parent.append(match[1] != null ? el("strong", null, match[1]) : el("code", null, match[2]));
      last = match.index + match[0].length;
    }
    parent.append(text.slice(last));
    return parent;
  }

  // ---- quick replies -------------------------------------------------------------------

  function showQuickReplies(choices) {
    currentButtons = choices.filter((choice) => choice.title && choice.payload);
    const buttons = currentButtons.map((choice) => {
      const node = withTestId(button("kd-quick-reply", choice.title), "quick-reply");
      node.addEventListener("click", () => sendUserMessage(choice.payload, choice.title));
      return node;
    });
    ui.quickReplies.replaceChildren(...buttons);
    ui.quickReplies.hidden = buttons.length === 0;
  }

  function clearQuickReplies() {
    showQuickReplies([]);
  }

  // ---- sending -------------------------------------------------------------------------

  function randomId() {
    return crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function sendTypedMessage() {
    const text = ui.input.value.trim();
    if (!text) return;
    ui.input.value = "";
    onInputChange();
    sendUserMessage(text, text);
    ui.input.focus();
  }

  function sendUserMessage(message, displayText) {
    stopUserTyping();
    // Display first: the title a quick reply's payload is shown as must still be known.
    const { row, bubble } = appendUserRow(displayText);
    clearQuickReplies();
    bubble.dataset.state = "sending";
    const status = el("div", "kd-status", t.sending);
    row.append(status);
    const entry = { clientId: randomId(), message, row, bubble, status, retried: false };
    outbox.push(entry);
    if (ready) emitUserMessage(entry);
    else connect();
  }

  function emitUserMessage(entry) {
    const payload = { message: entry.message, session_id: sessionId, client_id: entry.clientId };
    if (explicitLanguage) payload.customData = { language: explicitLanguage };
    socket.emit("user_uttered", payload, (reply) => onUserMessageAck(entry, reply));
  }

  function onUserMessageAck(entry, reply) {
    if (!outbox.includes(entry)) return; // already settled by an earlier ack or the history
    const error = reply && reply.error;
    if (error && error.code === "unknown_session" && !entry.retried) {
      entry.retried = true; // stays in the outbox and goes out again in the new session
      restartSession();
      return;
    }
    settle(entry, reply && reply.id, error);
  }

  // Removes a user message from the outbox and shows whether it was stored.
  function settle(entry, id, error) {
    outbox.splice(outbox.indexOf(entry), 1);
    if (error) {
      entry.bubble.dataset.state = "failed";
      entry.status.textContent = errorText(error);
      entry.status.classList.add("kd-status--error");
      return;
    }
    entry.bubble.dataset.state = "sent";
    entry.status.remove();
    if (id != null) {
      entry.bubble.dataset.id = id;
      rememberShown(id);
    }
  }

  // Messages typed while offline wait in the outbox; unacknowledged ones are sent again
  // (client_id makes that safe), because socket.io drops acks across a disconnect.
  function flushOutbox() {
    outbox.forEach(emitUserMessage);
  }

  // ---- composer ------------------------------------------------------------------------

  function onInputKeydown(event) {
    // keyCode 229: Enter that confirms an IME composition (pinyin), not a send.
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    sendTypedMessage();
  }

  function onInputChange() {
    const input = ui.input;
    input.style.height = "auto";
    input.style.height = input.scrollHeight + input.offsetHeight - input.clientHeight + "px";
    const length = input.value.length;
    ui.counter.hidden = length < COUNTER_FROM;
    ui.counter.textContent = `${length} / ${MAX_LENGTH}`;
    ui.counter.classList.toggle("kd-counter--full", length >= MAX_LENGTH);
    if (input.value.trim()) noteUserTyping();
    else stopUserTyping();
  }

  function noteUserTyping() {
    if (!ready) return;
    const now = Date.now();
    if (now - typingSentAt > TYPING_REFRESH_MS) {
      typingSentAt = now;
      socket.emit("user_typing", { session_id: sessionId, typing: true });
    }
    clearTimeout(typingIdleTimer);
    typingIdleTimer = setTimeout(stopUserTyping, TYPING_IDLE_MS);
  }

  function stopUserTyping() {
    clearTimeout(typingIdleTimer);
    if (!typingSentAt) return;
    typingSentAt = 0;
    if (ready) socket.emit("user_typing", { session_id: sessionId, typing: false });
  }

  // ---- typing indicator ----------------------------------------------------------------

  function setTyping(side, isTyping, name) {
    clearTimeout(typingTimers[side]);
    typing[side] = isTyping ? name : null;
    if (isTyping) typingTimers[side] = setTimeout(() => setTyping(side, false), TYPING_TIMEOUT_MS);
    const shown = typing.agent || typing.bot;
    ui.typingIndicator.hidden = !shown;
    ui.typingLabel.textContent = shown ? t.typing(shown) : "";
  }

  function agentName(name) {
    return name || (handoff && handoff.agent_name) || t.anAgent;
  }

  // ---- banner and handoff state --------------------------------------------------------

  function renderBanner() {
    const text = banner.connection || banner.flash || banner.handoff;
    ui.banner.hidden = !text;
    ui.banner.textContent = text || "";
    ui.banner.classList.toggle("kd-banner--alert", Boolean(banner.connection || banner.flash));
  }

  function setConnectionProblem(text) {
    banner.connection = text;
    renderBanner();
  }

  function flashBanner(text) {
    banner.flash = text;
    renderBanner();
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => {
      banner.flash = null;
      renderBanner();
    }, ERROR_FLASH_MS);
  }

  function wasWithAgent(state) {
    return Boolean(state) && (state.state === "queued" || state.state === "claimed");
  }

  function handoffBannerText(state, previous) {
    switch (state.state) {
      case "queued":
        return state.offline
          ? t.offline(state.next_open && formatNextOpen(state.next_open))
          : t.queued(state.position, state.eta_seconds && Math.max(1, Math.ceil(state.eta_seconds / 60)));
      case "claimed":
        return t.joined(agentName(state.agent_name));
      case "resolved":
        return t.resolved;
      case "bot":
        return wasWithAgent(previous) ? t.backWithBot : null;
      default:
        return null;
    }
  }

  // next_open is meant to be a timestamp; anything else is shown as the hub wrote it.
  function formatNextOpen(value) {
    const date = new Date(value);
    if (isNaN(date)) return value;
    return date.toLocaleString(t.locale, { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  // The hub stores a system message for every transition (joined, returned, resolved), so
  // state events only move the banner.
  function applyHandoffState(state) {
    const previous = handoff;
    handoff = state;
    if (state.state !== "claimed") setTyping("agent", false);
    banner.handoff = handoffBannerText(state, previous);
    renderBanner();
  }

  function errorText(error) {
    return (error && (t.errors[error.code] || error.message)) || t.notSent;
  }

  // ---- rating --------------------------------------------------------------------------

  function showRatingCard(request) {
    const handoffId = request && request.handoff_id;
    if (handoffId != null) {
      if (ratedHandoffs.has(handoffId)) return;
      ratedHandoffs.add(handoffId);
    }
    const card = el("div", "kd-rating");
    const stars = el("div", "kd-rating__stars");
    stars.setAttribute("role", "group");
    stars.setAttribute("aria-label", t.ratingGroup);
    const comment = withTestId(el("textarea", "kd-rating__comment"), "rating-comment");
    comment.rows = 2;
    comment.maxLength = RATING_COMMENT_MAX;
    comment.placeholder = t.ratingComment;
    comment.setAttribute("aria-label", t.ratingComment);
    const submit = withTestId(button("kd-rating__submit", t.ratingSubmit), "rating-submit");
    submit.disabled = true;

    let score = 0;
    const starButtons = [1, 2, 3, 4, 5].map((n) => {
      const star = withTestId(button("kd-star", t.star(n), "★"), `rating-star-${n}`);
      star.setAttribute("aria-pressed", "false");
      star.addEventListener("click", () => {
        score = n;
        starButtons.forEach((other, i) => {
          other.classList.toggle("kd-star--on", i < n);
          other.setAttribute("aria-pressed", String(i + 1 === n));
        });
        submit.disabled = false;
      });
      return star;
    });
    stars.append(...starButtons);

    submit.addEventListener("click", () => {
      sendRating(score, comment.value.trim());
      card.replaceWith(withTestId(el("div", "kd-rating kd-rating--done", t.thanks), "rating-thanks"));
    });
    card.append(el("p", "kd-rating__title", t.ratingTitle), stars, comment, submit);
    appendToList(card, true);
  }

  function sendRating(score, comment) {
    const payload = { session_id: sessionId, score };
    if (comment) payload.comment = comment;
    socket.emit("rating", payload);
  }

  // ---- connection ----------------------------------------------------------------------

  function loadSocketIo(onReady) {
    if (window.io) return onReady();
    const tag = el("script");
    tag.src = HUB + "/static/vendor/socket.io.min.js";
    tag.async = true;
    // A page with an AMD loader makes the UMD bundle register there instead of as `io`.
    tag.addEventListener("load", () => (window.io ? onReady() : onSocketIoMissing()));
    tag.addEventListener("error", onSocketIoMissing);
    document.head.append(tag);
  }

  function onSocketIoMissing() {
    connecting = false; // let the next open() try again
    setConnectionProblem(t.unavailable);
  }

  function connect() {
    if (socket || connecting) return;
    connecting = true;
    loadSocketIo(() => {
      socket = window.io(HUB, { path: "/socket.io/", transports: ["websocket", "polling"] });
      socket.on("connect", onConnect);
      socket.on("disconnect", onDisconnect);
      socket.on("connect_error", () => setConnectionProblem(t.reconnecting));
      socket.on("session_confirm", onSessionConfirm);
      socket.on("history", onHistory);
      socket.on("bot_uttered", onBotUttered);
      socket.on("handoff_state", (state) => applyHandoffState(state));
      socket.on("bot_typing", (event) => setTyping("bot", event.typing, t.assistant));
      socket.on("agent_typing", (event) => setTyping("agent", event.typing, agentName(event.agent_name)));
      socket.on("rating_request", showRatingCard);
      socket.on("error", onHubError);
    });
  }

  function requestSession() {
    ready = false;
    socket.emit("session_request", { session_id: forgetSession ? null : sessionId });
  }

  function restartSession() {
    forgetSession = true;
    storage.remove(KEYS.session);
    if (ready) requestSession(); // otherwise the next connect asks for a new session anyway
  }

  function onConnect() {
    setConnectionProblem(null);
    requestSession();
  }

  function onDisconnect(reason) {
    ready = false;
    typingSentAt = 0;
    setTyping("bot", false);
    setTyping("agent", false);
    setConnectionProblem(t.reconnecting);
    // socket.io reconnects by itself except after the server closed the socket on purpose.
    if (reason === "io server disconnect") socket.connect();
  }

  function onSessionConfirm(id) {
    const resuming = confirmedOnce && id === sessionId;
    if (sessionId && id !== sessionId) startNewConversation();
    sessionId = id;
    forgetSession = false;
    confirmedOnce = true;
    ready = true;
    storage.set(KEYS.session, id);
    if (resuming) socket.emit("resume", { session_id: id, after_id: lastId });
    flushOutbox();
  }

  // The hub gave us a different session: the old conversation is gone, and the new one's
  // message ids may overlap the old ones. Messages still waiting to be sent are kept.
  function startNewConversation() {
    shownIds.clear();
    lastId = 0;
    storage.set(KEYS.lastId, 0);
    handoff = null;
    banner.handoff = null;
    renderBanner();
    clearQuickReplies();
    ui.messages.replaceChildren(...outbox.map((entry) => entry.row));
  }

  function onHistory(payload) {
    (payload.messages || []).forEach(renderStoredMessage);
    if (payload.state) applyHandoffState(payload.state);
  }

  function onBotUttered(message) {
    setTyping(message.sender === "agent" ? "agent" : "bot", false);
    if (renderStoredMessage(message) && !isOpen()) setUnread(unread + 1);
  }

  function onHubError(error) {
    if (error && error.code === "unknown_session") restartSession();
    flashBanner(errorText(error));
  }

  // ---- start ---------------------------------------------------------------------------

  function start() {
    ui = buildWidget();
    if (sessionId) connect(); // a conversation is going on: an agent may be writing
  }

  window.KestrelDesk = Object.freeze({
    open: () => ui && open(),
    close: () => ui && close(),
    sessionId: () => sessionId,
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
