// The GitHub side of deploying the stack: its environment (named after the stack, as the workflows
// name it) with required reviewers and a branch policy, the rule protecting the branch it deploys
// from, and the environment's Actions secrets and variables.
import { z } from "zod";
import { ownerRepo } from "../fieldRules";
import { slug, unique } from "./common";

/** GitHub's rule for secret and variable names: letters, digits, underscores; no digit first, no GITHUB_ prefix. */
const actionsName = z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and underscores, not starting with a digit")
    .refine((n) => !/^GITHUB_/i.test(n), "GitHub reserves names starting with GITHUB_");

/** A GitHub login: alphanumerics and single dashes, at most 39 characters. */
const login = z.string().regex(/^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/, "a GitHub username, e.g. octocat");

export const github = z
    .strictObject({
        /** owner/name; default: hosting.repository when it is on GitHub. */
        repository: ownerRepo.optional(),
        /** Who must approve a deploy of the stack (GitHub takes at most 6, users and teams together). */
        reviewers: z.strictObject({ users: unique(z.array(login)).default([]), teams: unique(z.array(slug)).default([]) }).prefault({}),
        /** The checks a merge into the stack's branch needs (GitHub's check names: a job's name, a matrix job's `name (value)`). */
        requiredChecks: unique(z.array(z.string().min(1))).optional(),
        /** Actions secrets of the stack's environment: each from a secret env source (e.g. external.vercelToken). */
        secrets: z.record(actionsName, z.strictObject({ from: z.string().min(1) })).default({}),
        /** Actions variables of the stack's environment (plain values, e.g. AWS_REGION). */
        variables: z.record(actionsName, z.string()).default({}),
    })
    .optional();
