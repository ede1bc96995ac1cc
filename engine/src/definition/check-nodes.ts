/**
 * Checks of what nodes and the trigger say, beyond their shape: decisions
 * have one kind of rules, every JsonLogic field is a valid rule, schedules
 * parse and name a real time zone.
 */
import { Cron } from "croner";
import { checkRule, ruleOperators, type RuleProblem } from "../rules/index";
import { isFieldName, OBJECT_KEY, readMappingValue } from "./mapping";
import type { Flow } from "./schema";
import { capitalise, didYouMean, fieldPath, isRecord, locateInFlow, nodeLabel, pointerTo, problem, sentences, type FlowProblem } from "./problems";
import { isTimeZone, suggestTimeZone } from "./time-zones";

/** `skip(pointer)` is true where the schema check already reported a problem. */
export function checkNodes(flow: Flow, skip: (pointer: string) => boolean): FlowProblem[] {
  const { sites, problems } = ruleSites(flow);
  return [...checkDecisions(flow), ...problems.filter((found) => !skip(found.pointer)), ...checkRules(flow, sites, skip), ...checkSchedules(flow, skip)];
}

function checkDecisions(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  flow.nodes.forEach((node, index) => {
    if (node.kind !== "decision") return;
    const at = `/nodes/${index}`;
    if ((node.conditions === undefined) === (node.table === undefined)) {
      const which = node.conditions === undefined ? "neither conditions nor a table" : "both conditions and a table";
      problems.push(
        problem(at, "decision_rules", `Decision node "${node.id}" has ${which}: give it either conditions (checked in order) or a decision table, not both.`),
      );
    }
    if (node.table?.hitPolicy !== "priority") return;
    node.table.rows.forEach((row, rowIndex) => {
      if (row.priority !== undefined) return;
      problems.push(
        problem(
          `${at}/table/rows/${rowIndex}`,
          "missing_priority",
          `Row ${rowIndex + 1} of decision node "${node.id}" has no priority, but the table's hit policy is "priority": give every row a priority so it is clear which row wins.`,
          "warning",
        ),
      );
    });
  });
  return problems;
}

function checkRules(flow: Flow, sites: RuleSite[], skip: (pointer: string) => boolean): FlowProblem[] {
  return sites.flatMap(([pointer, rule, hint]) => {
    if (skip(pointer)) return [];
    const { subject, field } = locateInFlow(flow, pointer);
    return checkRule(rule, pointer).map((found: RuleProblem) =>
      problem(
        found.pointer,
        "invalid_rule",
        sentences(`${capitalise(subject)}, rule "${fieldPath(field)}": ${found.message}`, found.pointer === pointer && hint ? hint(rule) : ""),
      ),
    );
  });
}

/** `hint`: more to say when the rule has a problem where it starts. */
type RuleSite = [pointer: string, rule: unknown, hint?: (rule: unknown) => string];

/**
 * Every field of the flow that holds a JsonLogic expression, with its
 * pointer (the expressions inside nested mappings included), and what is
 * wrong with the nesting of mappings itself.
 */
function ruleSites(flow: Flow): { sites: RuleSite[]; problems: FlowProblem[] } {
  const sites: RuleSite[] = [];
  const problems: FlowProblem[] = [];
  const add = (pointer: string, value: unknown) => {
    if (value !== undefined) sites.push([pointer, value]);
  };
  const mapping = (pointer: string, value: unknown) => {
    if (isRecord(value)) mappingFields(flow, pointer, value, (site) => sites.push(site), problems);
  };
  const audience = (pointer: string, value: unknown) => {
    if (!isRecord(value)) return;
    add(`${pointer}/user`, value.user);
    add(`${pointer}/warehouse`, value.warehouse);
  };
  const each = (pointer: string, list: unknown, visit: (pointer: string, item: Record<string, unknown>) => void) => {
    if (Array.isArray(list)) list.forEach((item, index) => isRecord(item) && visit(`${pointer}/${index}`, item));
  };
  flow.nodes.forEach((node, index) => {
    const at = `/nodes/${index}`;
    switch (node.kind) {
      case "action":
        mapping(`${at}/input`, node.input);
        if (isRecord(node.compensation)) mapping(`${at}/compensation/input`, node.compensation.input);
        break;
      case "decision":
        each(`${at}/conditions`, node.conditions, (pointer, condition) => add(`${pointer}/when`, condition.when));
        if (isRecord(node.table)) {
          mapping(`${at}/table/inputs`, node.table.inputs);
          each(`${at}/table/rows`, node.table.rows, (pointer, row) => {
            add(`${pointer}/when`, row.when);
            mapping(`${pointer}/output`, row.output);
          });
        }
        break;
      case "task":
        audience(`${at}/assignee`, node.assignee);
        mapping(`${at}/prefill`, node.prefill);
        each(`${at}/outcomes`, node.outcomes, (pointer, outcome) => add(`${pointer}/when`, outcome.when));
        each(`${at}/escalations`, node.escalations, (pointer, escalation) => {
          if (isRecord(escalation.notify)) audience(`${pointer}/notify/to`, escalation.notify.to);
          audience(`${pointer}/reassign`, escalation.reassign);
        });
        break;
      case "wait":
        if (node.until.type === "time") add(`${at}/until/at`, node.until.at);
        if (node.until.type === "event") add(`${at}/until/correlation`, node.until.correlation);
        break;
      case "for_each":
        add(`${at}/items`, node.items);
        mapping(`${at}/input`, node.input);
        break;
      case "end":
        mapping(`${at}/output`, node.output);
        break;
    }
  });
  const trigger: unknown = flow.trigger;
  if (isRecord(trigger) && (trigger.type === "order" || trigger.type === "event")) add("/trigger/filter", trigger.filter);
  each("/alerts", flow.alerts, (pointer, alert) => {
    add(`${pointer}/when`, alert.when);
    if (isRecord(alert.notify)) audience(`${pointer}/notify/to`, alert.notify.to);
  });
  return { sites, problems };
}

/** Walks the fields of a (possibly nested) mapping: expressions become rule sites, field names and `$object` are checked. */
function mappingFields(flow: Flow, pointer: string, fields: Record<string, unknown>, add: (site: RuleSite) => void, problems: FlowProblem[]): void {
  const where = (at: string) => {
    const { subject, field } = locateInFlow(flow, at);
    return `${capitalise(subject)}, field "${fieldPath(field)}"`;
  };
  const visit = (at: string, value: unknown) => {
    const read = readMappingValue(value);
    if (read.kind === "expression") return add([at, value, ONE_FIELD_HINT]);
    if (read.kind === "list") return read.items.forEach((item, index) => visit(pointerTo(at, index), item));
    if (read.kind === "literal") {
      if (isRecord(value) && OBJECT_KEY in value) {
        problems.push(problem(pointerTo(at, OBJECT_KEY), "invalid_mapping", sentences(`${where(at)}: "${OBJECT_KEY}" must hold an object of fields, e.g. {"${OBJECT_KEY}": {"name": {"var": "input.buyer.name"}}}`)));
      }
      return;
    }
    const inner = read.wrapped ? pointerTo(at, OBJECT_KEY) : at;
    for (const [name, field] of Object.entries(read.fields)) {
      const fieldAt = pointerTo(inner, name);
      if (!isFieldName(name) || name === "__proto__") {
        problems.push(problem(fieldAt, "invalid_mapping", sentences(`${where(fieldAt)}: "${name}" cannot be a field name`, "Use letters, digits and _, starting with a letter or _ (e.g. postalCode)")));
        continue;
      }
      visit(fieldAt, field);
    }
  };
  for (const [name, value] of Object.entries(fields)) visit(pointerTo(pointer, name), value);
}

/** Said of an unknown operator in a mapping, which may be an object of one field meant as a nested mapping. */
const ONE_FIELD_HINT = (rule: unknown): string => {
  const name = isRecord(rule) ? Object.keys(rule)[0] : undefined;
  return name !== undefined && isFieldName(name) && !ruleOperators.includes(name)
    ? `An object with one key is an operator; for an object with the one field "${name}", write {"${OBJECT_KEY}": {"${name}": …}}`
    : "";
};

function checkSchedules(flow: Flow, skip: (pointer: string) => boolean): FlowProblem[] {
  const schedules: [pointer: string, schedule: Record<string, unknown>][] = [];
  if (isRecord(flow.trigger) && flow.trigger.type === "schedule") schedules.push(["/trigger", flow.trigger]);
  flow.nodes.forEach((node, index) => {
    if (node.kind === "wait" && node.until.type === "schedule") schedules.push([`/nodes/${index}/until`, node.until]);
  });
  return schedules.flatMap(([at, { cron, timeZone }]) => {
    const subject = capitalise(at === "/trigger" ? "the trigger" : nodeLabel(flow.nodes[Number(at.split("/")[2])]));
    const problems: FlowProblem[] = [];
    const zoneOk = typeof timeZone === "string" && isTimeZone(timeZone);
    if (typeof timeZone === "string" && !zoneOk && !skip(`${at}/timeZone`)) {
      problems.push(
        problem(
          `${at}/timeZone`,
          "invalid_time_zone",
          sentences(
            `${subject}: "${timeZone}" is not a time zone`,
            didYouMean(suggestTimeZone(timeZone)),
            'Use an IANA name such as "Asia/Shanghai" or "UTC"',
          ),
        ),
      );
    }
    if (typeof cron === "string" && !skip(`${at}/cron`)) {
      const wrong = cronMistake(cron, zoneOk ? (timeZone as string) : undefined);
      if (wrong) {
        problems.push(
          problem(
            `${at}/cron`,
            "invalid_cron",
            `${subject}: the schedule "${cron}" ${wrong}. A schedule has 5 parts: minute, hour, day of month, month and day of week; e.g. "0 20 * * *" is 20:00 every day, "*/15 8-17 * * 1-5" every 15 minutes from 8:00 to 17:45 on weekdays.`,
          ),
        );
      }
    }
    return problems;
  });
}

/** What is wrong with a five-part cron expression, or undefined when it is fine. */
function cronMistake(cron: string, timeZone: string | undefined): string | undefined {
  const parts = cron.trim().split(/\s+/).length;
  if (parts !== 5) return `has ${parts} ${parts === 1 ? "part" : "parts"}`;
  try {
    const schedule = new Cron(cron, { paused: true, mode: "5-part", ...(timeZone ? { timezone: timeZone } : {}) });
    const next = schedule.nextRun();
    schedule.stop();
    return next === null ? "never happens" : undefined;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern:\s*/, "");
    return `is not valid (${reason.charAt(0).toLowerCase()}${reason.slice(1)})`;
  }
}
