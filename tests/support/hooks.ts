// Mocha root hooks: every temporary folder in one run folder (removed at exit, or on Ctrl-C after the
// servers stop), and the shared PostgreSQL and MongoDB-protocol servers stopped after the whole run.
import { stopMongoServer } from "./mongo";
import { stopServer } from "./postgres";
import { useRunFolder } from "./runFolder";

const stopServers = () => Promise.all([stopServer(), stopMongoServer()]).then(() => undefined);
useRunFolder(stopServers);

export const mochaHooks = {
    async afterAll(this: Mocha.Context) {
        // A server still starting is awaited (at most 90 s), then stopped (at most 60 s).
        this.timeout(180_000);
        await stopServers();
    },
};
