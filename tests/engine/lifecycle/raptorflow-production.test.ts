// The program under the real Pulumi engine: raptorflow-production's lifecycle (tests/engine/lifecycle.ts).
import { lifecycle } from "../lifecycle";

lifecycle("raptorflow-production");
