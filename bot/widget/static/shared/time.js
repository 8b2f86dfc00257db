// Times as people read them. Every function takes (value, locale, now): value is what the hub
// sent (an ISO timestamp), locale a BCP 47 tag or [] for the browser's, now a Date for tests.

const isValid = (date) => !Number.isNaN(date.getTime());

/** Date and time in full, e.g. a message bubble's tooltip; "" for an unreadable value. */
export function formatDateTime(iso, locale = []) {
  const date = new Date(iso);
  return isValid(date) ? date.toLocaleString(locale) : "";
}

/** Time of day for today's timestamps, with the date for older ones; "" if unreadable. */
export function clockTime(iso, locale = [], now = new Date()) {
  const date = new Date(iso);
  if (!isValid(date)) return "";
  const time = { hour: "2-digit", minute: "2-digit" };
  if (date.toDateString() === now.toDateString()) return date.toLocaleTimeString(locale, time);
  return date.toLocaleString(locale, { month: "short", day: "numeric", ...time });
}

/** When agents are back, e.g. "Mon, Nov 23, 09:00 AM"; a value that is no timestamp as is. */
export function formatNextOpen(value, locale = []) {
  const date = new Date(value);
  if (!isValid(date)) return value;
  return date.toLocaleString(locale, {
    weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
  });
}

/** Time since a timestamp, short: "45s", "3m 5s", "2h 10m". */
export function elapsed(iso, now = new Date()) {
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
