/**
 * Tell the other side someone is typing: "typing" at most every refreshMs while they type,
 * and "stopped" once they pause for idleMs, send, or leave.
 */
export class TypingSignal {
  /** send(target, typing) delivers one signal; target is whatever note() was given. */
  constructor(send, { refreshMs, idleMs }) {
    this.send = send;
    this.refreshMs = refreshMs;
    this.idleMs = idleMs;
    this.target = null;
    this.sentAt = 0;
    this.idleTimer = 0;
  }

  /** Note a keystroke. */
  note(target = true) {
    const now = Date.now();
    if (now - this.sentAt > this.refreshMs) {
      this.sentAt = now;
      this.target = target;
      this.send(target, true);
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), this.idleMs);
  }

  /** Say "stopped", if "typing" was said. */
  stop() {
    clearTimeout(this.idleTimer);
    if (!this.sentAt) return;
    const target = this.target;
    this.reset();
    this.send(target, false);
  }

  /** Forget without saying anything, e.g. when the connection dropped. */
  reset() {
    clearTimeout(this.idleTimer);
    this.sentAt = 0;
    this.target = null;
  }
}
