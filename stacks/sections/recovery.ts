// Recovery objectives (seed 000: RTO 1-2 h, RPO 24 h; seed 001: RTO 2 h, RPO 1 h; seed 004: RTO 1 h,
// RPO 15 minutes), checked against the backups the stack really has.
import { z } from "zod";

const WEEK = 7 * 24 * 60;

export const recovery = z
    .strictObject({
        /** The most data a restore may lose (minutes): each data store's recovery point must be within it. */
        rpoMinutes: z.int().min(1).max(WEEK),
        /** How long a restore may take (minutes): shown with each store's restore steps; no check can prove it. */
        rtoMinutes: z.int().min(1).max(WEEK),
        /**
         * The managed PostgreSQL's own point-in-time recovery, where its plan has it (Supabase's PITR
         * add-on, Neon's history retention): declared here until the program makes the project itself.
         */
        postgresPointInTime: z.strictObject({ provider: z.enum(["supabase", "neon"]), windowDays: z.int().min(1).max(30) }).optional(),
    })
    .optional();
