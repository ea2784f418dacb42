// Test files run in parallel workers, one per core and at least two: a real-engine file waits on the
// engine, the stand-ins and the fakes about as long as it computes. A single file runs alone too:
// `npx mocha tests/x.test.ts`.
const { availableParallelism } = require("os");

module.exports = {
    require: ["ts-node/register/transpile-only", "tests/support/hooks.ts"],
    timeout: 60000,
    reporter: "spec",
    parallel: true,
    jobs: Math.max(2, availableParallelism()),
};
