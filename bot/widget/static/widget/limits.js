// The hub's limits, which the widget shows before the hub has to refuse anything.
export const MAX_LENGTH = 2000;
export const COUNTER_FROM = 1800;
export const RATING_COMMENT_MAX = 1000;
