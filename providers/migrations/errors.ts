/** A problem with the migrations or the database that the user must fix: reported without a stack trace. */
export class MigrationError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MigrationError";
    }
}
