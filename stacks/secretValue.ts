import { inspect } from "util";

/**
 * A secret read from stack config. It prints as `[secret]` everywhere (string conversion,
 * JSON, console.log, error messages); only `reveal()` hands out the value, and the one
 * caller wraps it in `pulumi.secret` straight away.
 */
export class SecretValue {
    readonly #value: string;

    constructor(value: string) {
        this.#value = value;
    }

    reveal(): string {
        return this.#value;
    }

    startsWith(prefixes: readonly string[]): boolean {
        return prefixes.some((p) => this.#value.startsWith(p));
    }

    toString(): string {
        return "[secret]";
    }

    toJSON(): string {
        return "[secret]";
    }

    [inspect.custom](): string {
        return "[secret]";
    }
}
