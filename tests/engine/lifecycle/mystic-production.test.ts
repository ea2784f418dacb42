// The program under the real Pulumi engine: mystic-production's lifecycle (tests/engine/lifecycle.ts).
import { lifecycle } from "../lifecycle";

lifecycle("mystic-production");
