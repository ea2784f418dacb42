// Mocha root hooks: stop the shared PostgreSQL and MongoDB-protocol servers after the whole run.
import { stopMongoServer } from "./mongo";
import { stopServer } from "./postgres";

export const mochaHooks = {
    async afterAll(this: Mocha.Context) {
        this.timeout(60_000);
        await Promise.all([stopServer(), stopMongoServer()]);
    },
};
