/** Business time: ISO-8601 instants compared as epoch milliseconds (parsing is pure, no clock is read). */
export const instant = (iso: string): number => Date.parse(iso)
