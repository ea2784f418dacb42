// The capabilities, in the order each phase runs them (config: resolve, check, plan; build: before,
// app, after). A new area is its module (an `Area`), its component, and one line here.
import type { Area } from "../area";
import { atlasArea } from "./atlas";
import { auditArea } from "./audit";
import { backupsArea } from "./backups";
import { cronsArea } from "./crons";
import { databaseArea } from "./database";
import { dnsArea } from "./dns";
import { emailArea } from "./email";
import { envArea } from "./env";
import { flagsArea } from "./flags";
import { githubArea } from "./github";
import { hostingArea } from "./hosting";
import { migrationsArea } from "./migrations";
import { monitoringArea } from "./monitoring";
import { paymentsArea } from "./payments";
import { postgresArea } from "./postgres";
import { recoveryArea } from "./recovery";
import { redisArea } from "./redis";
import { secretsArea } from "./secrets";
import { servicesArea } from "./services";
import { integrationsArea } from "../integrations";

// Secrets first (their generated values feed Atlas and the integrations); the hosting project, then
// its DNS, then the services (which validate through the zone); schedules before the monitoring that
// watches them; the integrations publish last, once the app and its DNS run.
export const AREAS: readonly Area[] = [
    secretsArea,
    postgresArea,
    databaseArea,
    paymentsArea,
    emailArea,
    envArea,
    flagsArea,
    hostingArea,
    cronsArea,
    dnsArea,
    redisArea,
    backupsArea,
    migrationsArea,
    monitoringArea,
    servicesArea,
    atlasArea,
    integrationsArea,
    githubArea,
    auditArea,
    recoveryArea,
];
