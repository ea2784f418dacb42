// The program under the real Pulumi engine: staging's lifecycle (tests/engine/lifecycle.ts).
import { lifecycle } from "../lifecycle";

lifecycle("staging");
