/**
 * Users: who they are, what roles they hold (system roles: what they may
 * do in orderflow; job roles: which tasks are theirs), where they work.
 * Logins are stored in lower case, so "Wang" and "wang" are one person.
 *
 * @example
 * const user = await createUser(db, { login: "wang", displayName: "王师傅", password: "a long passphrase", roles: ["staff"], jobRoles: ["picker"], warehouse: "SH-01" }, { by: "admin" });
 */
import type { Kysely, Selectable } from "kysely";
import type { Database, UsersTable } from "../storage/schema";
import { recordAudit } from "./audit";
import { inTransaction } from "./in-transaction";
import { hashPassword } from "./passwords";
import type { Role } from "./roles";

export const LOGIN_PATTERN = "^[a-z0-9][a-z0-9._@-]{1,63}$";
export const MIN_PASSWORD_LENGTH = 10;
/** A job role id, as flows name it in a task's assignee: lowercase snake_case. */
export const JOB_ROLE_PATTERN = "^[a-z][a-z0-9_]{0,63}$";

export interface NewUser {
  login: string;
  displayName: string;
  /** Omitted or null: the user cannot log in with a password (an integration's owner using API tokens). */
  password?: string | null;
  roles: Role[];
  /** Omitted: none; the user then gets only the tasks naming them, their warehouse alone, or nobody. */
  jobRoles?: string[];
  warehouse?: string | null;
}

/** A user as the API shows it: never the password hash. */
export interface User {
  id: string;
  login: string;
  displayName: string;
  roles: Role[];
  jobRoles: string[];
  warehouse: string | null;
  disabled: boolean;
  createdAt: string;
}

export class LoginTakenError extends Error {
  constructor(readonly login: string) {
    super(`The login "${login}" is taken: choose another`);
    this.name = "LoginTakenError";
  }
}

export function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** Creates a user and records it in the audit log (`by`: the login of who created it; "setup" for the first admin). */
export async function createUser(db: Kysely<Database>, user: NewUser, { by }: { by: string }): Promise<User> {
  const login = normaliseLogin(user.login);
  if (!new RegExp(LOGIN_PATTERN).test(login)) throw new Error(`"${user.login}" is not a usable login: use 2–64 letters, digits, ".", "_", "-" or "@", starting with a letter or digit`);
  if (user.password != null && user.password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const jobRoles = [...new Set(user.jobRoles ?? [])];
  const wrong = jobRoles.find((role) => !new RegExp(JOB_ROLE_PATTERN).test(role));
  if (wrong !== undefined) throw new Error(`"${wrong}" is not a usable job role: use lowercase letters, digits and "_", starting with a letter (e.g. "picker"), as the flows name it`);
  const passwordHash = user.password == null ? null : await hashPassword(user.password);
  return inTransaction(db, async (tx) => {
    const row = await tx
      .insertInto("users")
      .values({ login, display_name: user.displayName, password_hash: passwordHash, roles: [...new Set(user.roles)], job_roles: jobRoles, warehouse: user.warehouse ?? null })
      .onConflict((oc) => oc.column("login").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new LoginTakenError(login);
    const created = toUser(row);
    await recordAudit(tx, { actor: by, action: "user.create", targetType: "user", targetId: created.id, after: created });
    return created;
  });
}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    roles: row.roles,
    jobRoles: row.job_roles,
    warehouse: row.warehouse,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
  };
}
