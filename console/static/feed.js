// The console's live feed: the websocket at /api/ws, reconnected with a growing delay.

const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10000];

/**
 * Connect and stay connected. onEvent(event) gets each pushed event; onStatus(connected) each
 * change; onReconnect() runs after a reconnect, to fetch what was missed. Returns {send(event)}.
 */
export function connectFeed({ onEvent, onStatus, onOpen, onReconnect }) {
  let ws = null;
  let failures = 0;
  let connectedBefore = false;

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(`${scheme}//${location.host}/api/ws`);
    ws.addEventListener("open", () => {
      const reconnected = connectedBefore;
      failures = 0;
      connectedBefore = true;
      onStatus(true);
      onOpen();
      if (reconnected) onReconnect();
    });
    ws.addEventListener("message", (event) => onEvent(JSON.parse(event.data)));
    ws.addEventListener("close", () => {
      onStatus(false);
      const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)];
      failures += 1;
      setTimeout(connect, delay);
    });
  }

  connect();
  return {
    send(event) {
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(event));
    },
  };
}
