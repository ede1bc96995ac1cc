import { sql } from "kysely";
import { describe, expect, test as plainTest } from "vitest";
import type { Principal } from "../auth/principal";
import type { Role } from "../auth/roles";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { isFor, isForSql } from "./task-access";

type Assignee = { assignee_user: string | null; assignee_role: string | null; assignee_warehouse: string | null };

const person = (login: string, roles: Role[], jobRoles: string[], warehouse: string | null): Principal => ({
  userId: `id-${login}`,
  login,
  displayName: login,
  roles,
  jobRoles,
  warehouse,
  via: "session",
});

const people = {
  pickerInShanghai: person("wang", ["staff"], ["picker"], "SH-01"),
  packerInShanghai: person("sun", ["staff"], ["packer"], "SH-01"),
  pickerInGuangzhou: person("he", ["staff"], ["picker"], "GZ-01"),
  staffWithoutJobRole: person("qian", ["staff"], [], "SH-01"),
  staffNowhere: person("chen", ["staff"], ["picker", "packer"], null),
  supervisor: person("zhao", ["supervisor"], [], "SH-01"),
  designer: person("li", ["designer"], [], null),
};

const task = (user: string | null, role: string | null, warehouse: string | null): Assignee => ({ assignee_user: user, assignee_role: role, assignee_warehouse: warehouse });

/** Every kind of task a flow can open: naming a user (by login or id) or not, each role, each warehouse. */
const everyTask = [null, "chen", "id-chen", "wang"].flatMap((user) =>
  [null, "picker", "packer", "supervisor"].flatMap((role) => [null, "SH-01", "GZ-01"].map((warehouse) => task(user, role, warehouse))),
);

plainTest("a task for pickers in SH-01 is for the pickers who work in SH-01", () => {
  const pick = task(null, "picker", "SH-01");
  expect(isFor(people.pickerInShanghai, pick)).toBe(true);
  expect(isFor(people.packerInShanghai, pick)).toBe(false);
  expect(isFor(people.pickerInGuangzhou, pick)).toBe(false);
  expect(isFor(people.staffWithoutJobRole, pick)).toBe(false);
  expect(isFor(people.staffNowhere, pick)).toBe(false);
});

plainTest("a task naming a user is theirs alone; one naming nothing is every staff member's; a system role still serves as a role", () => {
  const forChen = task("chen", "picker", "SH-01");
  expect(isFor(people.staffNowhere, forChen)).toBe(true);
  expect(isFor({ ...people.designer, userId: "chen" }, task("chen", null, null))).toBe(true);
  expect(isFor(people.pickerInShanghai, forChen)).toBe(false);

  const anyone = task(null, null, null);
  expect(isFor(people.staffWithoutJobRole, anyone)).toBe(true);
  expect(isFor(people.designer, anyone)).toBe(false);

  expect(isFor(people.supervisor, task(null, "supervisor", "SH-01"))).toBe(true);
  expect(isFor(people.supervisor, task(null, "supervisor", "GZ-01"))).toBe(false);
  expect(isFor(people.staffWithoutJobRole, task(null, null, "SH-01"))).toBe(true);
  expect(isFor(people.pickerInGuangzhou, task(null, "picker", null))).toBe(true);
});

describe.each(await databaseCases())("the task lists' rule on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("picks the same tasks as isFor, for every person and every kind of task", async ({ db }) => {
    const rows = sql.join(everyTask.map((t, i) => sql`(${i}::int, ${t.assignee_user}::text, ${t.assignee_role}::text, ${t.assignee_warehouse}::text)`));
    for (const [who, principal] of Object.entries(people)) {
      const { rows: found } = await sql<{ i: number }>`
        select i from (values ${rows}) as tasks (i, assignee_user, assignee_role, assignee_warehouse)
        where ${isForSql(principal)} order by i`.execute(db);
      const expected = everyTask.flatMap((t, i) => (isFor(principal, t) ? [i] : []));
      expect({ who, tasks: found.map((row) => row.i) }).toEqual({ who, tasks: expected });
    }
  });
});
