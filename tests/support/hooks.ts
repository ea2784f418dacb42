// Mocha root hooks: every temporary folder in one run folder (removed at exit, or on Ctrl-C after the
// servers stop), and the shared PostgreSQL and MongoDB-protocol servers stopped after the whole run.
import { stopMongoServer } from "./mongo";
import { stopServer } from "./postgres";
import { useRunFolder } from "./runFolder";

const stopServers = () => Promise.all([stopServer(), stopMongoServer()]).then(() => undefined);
useRunFolder(stopServers);

export const mochaHooks = {
    async afterAll(this: Mocha.Context) {
        this.timeout(60_000);
        await stopServers();
    },
};
