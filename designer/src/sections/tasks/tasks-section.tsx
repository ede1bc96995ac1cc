/** Tasks: `#/tasks` lists the work for me, `#/tasks/<key>` opens one with its form. */
import type { SectionProps } from "../../app/section-pages";
import { TaskList } from "./task-list";
import { TaskPage } from "./task-page";

export function TasksSection({ route, me }: SectionProps) {
  const key = route.rest[0];
  return key === undefined ? <TaskList me={me} scope={route.query.scope} /> : <TaskPage taskKey={key} me={me} />;
}
