// The program under the real Pulumi engine: dirtfree-production's lifecycle (tests/engine/lifecycle.ts).
import { lifecycle } from "../lifecycle";

lifecycle("dirtfree-production");
