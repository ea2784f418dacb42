// Pulumi entry point: everything happens in stacks/; Pulumi runs this async function and
// exports what it returns as the stack outputs (the contract in stacks/outputs.ts).
import { main } from "./stacks/main";

export = main;
