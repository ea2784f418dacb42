// The program under the real Pulumi engine: smartduka-production's lifecycle (tests/engine/lifecycle.ts).
import { lifecycle } from "../lifecycle";

lifecycle("smartduka-production");
