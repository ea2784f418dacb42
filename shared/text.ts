// Text helpers for messages, shared by every layer.

/** A value with its invisible characters made visible (`\r`, `\u200b`), for messages. */
export function visible(value: string): string {
    return JSON.stringify(value)
        .slice(1, -1)
        .replace(/[\u00a0\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
