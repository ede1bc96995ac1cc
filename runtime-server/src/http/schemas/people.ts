/** Users, sessions and API tokens. */
import { Type } from "@sinclair/typebox";
import { JOB_ROLE_PATTERN, MIN_PASSWORD_LENGTH } from "../../auth/users";
import { NullableTimestamp, RoleName, Timestamp } from "./common";

const Login = Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$", description: "2–64 letters, digits, '.', '_', '-' or '@'; stored in lower case." });
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 });
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });
const Warehouse = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: "Where a staff member works, for “my warehouse” task lists." });
const Roles = Type.Array(RoleName, { uniqueItems: true });
const JobRoles = Type.Array(
  Type.String({ pattern: JOB_ROLE_PATTERN, description: 'Lowercase letters, digits and "_", starting with a letter, as the flows name it, e.g. "picker".' }),
  {
    uniqueItems: true,
    maxItems: 32,
    description:
      'Job roles (岗位): the tasks a flow assigns by role are for the people holding it, in the task\'s warehouse, e.g. ["picker", "packer"] (拣货员, 打包员), "service" (客服), "reviewer" (审单). Separate from `roles`, which say what the user may do in orderflow.',
  },
);

export const User = Type.Object({
  id: Type.String(),
  login: Type.String(),
  displayName: Type.String(),
  roles: Roles,
  jobRoles: JobRoles,
  warehouse: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  createdAt: Timestamp,
});
export const UserList = Type.Object({ users: Type.Array(User) });

export const LoginBody = Type.Object({ login: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });

export const Me = Type.Object({
  user: Type.Object({ id: Type.String(), login: Type.String(), displayName: Type.String(), roles: Roles, jobRoles: JobRoles, warehouse: Type.Union([Type.String(), Type.Null()]) }),
  via: Type.Union([Type.Literal("session"), Type.Literal("token")]),
});

export const FirstAdminBody = Type.Object(
  { setupCode: Type.String({ minLength: 1 }), login: Login, displayName: DisplayName, password: Password },
  { additionalProperties: false },
);

export const NewUserBody = Type.Object(
  { login: Login, displayName: DisplayName, password: Type.Optional(Password), roles: Type.Array(RoleName, { uniqueItems: true, minItems: 1 }), jobRoles: Type.Optional(JobRoles), warehouse: Type.Optional(Warehouse) },
  { additionalProperties: false },
);

export const UserChangeBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    password: Type.Optional(Password),
    roles: Type.Optional(Roles),
    jobRoles: Type.Optional(JobRoles),
    warehouse: Type.Optional(Warehouse),
    disabled: Type.Optional(Type.Boolean({ description: "A disabled user cannot log in; their sessions end and their API tokens stop working." })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  userId: Type.String(),
  roles: Roles,
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
});
export const ApiTokenList = Type.Object({ tokens: Type.Array(ApiToken) });

export const NewApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'What uses it, e.g. "Taobao bridge".' }),
    userId: Type.String({ description: "Whose token it is; it never has roles its owner lacks." }),
    roles: Type.Array(RoleName, { uniqueItems: true, minItems: 1 }),
  },
  { additionalProperties: false },
);
export const NewApiToken = Type.Object({
  token: Type.String({ description: "Shown this once: send it as `Authorization: Bearer <token>`." }),
  apiToken: ApiToken,
});

export const IdParam = Type.Object({ id: Type.String({ minLength: 1 }) });
