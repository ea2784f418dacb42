// The program under the real Pulumi engine: smartduka-staging's lifecycle (tests/engine/lifecycle.ts).
import { lifecycle } from "../lifecycle";

lifecycle("smartduka-staging");
