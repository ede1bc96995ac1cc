/**
 * The roles a user can hold. Each route names the roles it allows; a user
 * may hold several.
 *
 * - admin: users, tokens, everything else
 * - designer: flows and forms (edit, validate, publish)
 * - supervisor: instances, exceptions, alerts, every task
 * - staff: the tasks for them (by user, or by job role and warehouse: see http/task-access.ts) and photo uploads
 * - integrator: systems that start instances and send events with an API token
 */
import type { Role } from "../storage/schema";

export type { Role };

export const ROLES = ["admin", "designer", "supervisor", "staff", "integrator"] as const satisfies readonly Role[];
