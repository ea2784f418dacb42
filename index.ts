// Pulumi entry point: everything happens in stacks/; this file only exports the outputs contract.
import { main } from "./stacks/main";

export = main();
