// The capabilities, in the order each phase runs them (config: resolve, check, plan; build: before,
// app, after). A new area is its module (an `Area`), its component, and one line here.
import type { Area } from "./area";
import { atlasArea } from "./features/atlas";
import { backupsArea } from "./features/backups";
import { cronsArea } from "./features/crons";
import { dnsArea } from "./features/dns";
import { emailArea } from "./features/email";
import { envArea } from "./features/env";
import { hostingArea } from "./features/hosting";
import { migrationsArea } from "./features/migrations";
import { monitoringArea } from "./features/monitoring";
import { paymentsArea } from "./features/payments";
import { redisArea } from "./features/redis";
import { secretsArea } from "./features/secrets";
import { servicesArea } from "./features/services";
import { integrationsArea } from "./integrations";

// Secrets first (their generated values feed Atlas and the integrations); the hosting project, then
// its DNS, then the services (which validate through the zone); schedules before the monitoring that
// watches them; the integrations publish last, once the app and its DNS run.
export const AREAS: readonly Area[] = [
    secretsArea,
    paymentsArea,
    emailArea,
    envArea,
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
];
