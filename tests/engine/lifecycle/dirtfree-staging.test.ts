// The program under the real Pulumi engine: dirtfree-staging's lifecycle (tests/engine/lifecycle.ts).
import { lifecycle } from "../lifecycle";

lifecycle("dirtfree-staging");
