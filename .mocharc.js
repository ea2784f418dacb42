// Test files run in parallel workers, one more than the cores: a real-engine file waits on the
// engine, the stand-ins and the fakes for part of its time, and a third worker fills it (on 2 cores:
// 562 s with two workers, 512 s with three, at 191 % of the cores). A single file runs alone too:
// `npx mocha tests/x.test.ts`.
const { availableParallelism } = require("os");

module.exports = {
    require: ["ts-node/register/transpile-only", "tests/support/hooks.ts"],
    timeout: 60000,
    reporter: "spec",
    parallel: true,
    jobs: availableParallelism() + 1,
};
