// Mocha root hooks: stop the shared PostgreSQL after the whole run.
import { stopServer } from "./postgres";

export const mochaHooks = {
    async afterAll(this: Mocha.Context) {
        this.timeout(60_000);
        await stopServer();
    },
};
