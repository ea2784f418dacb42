/** A problem with the migrations or the database that the user must fix: reported without a stack trace. */
export class MigrationError extends Error {
    constructor(message: string) {
        super(message);
        // Set again: Pulumi's closure serializer turns classes into functions that call Error
        // without `new`, which drops the message (the dynamic provider runs that serialized copy).
        this.message = message;
        this.name = "MigrationError";
    }
}

/** By name, not `instanceof`: the serialized copy of the class is not the one imported here. */
export function isMigrationError(err: unknown): err is MigrationError {
    return typeof err === "object" && err !== null && (err as Error).name === "MigrationError";
}
