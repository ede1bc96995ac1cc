/** Users, sessions and API tokens. */
import { Type } from "@sinclair/typebox";
import { MIN_PASSWORD_LENGTH } from "../../auth/users";
import { NullableTimestamp, RoleName, Timestamp } from "./common";

const Login = Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$", description: "2–64 letters, digits, '.', '_', '-' or '@'; stored in lower case." });
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 });
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });
const Warehouse = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: "Where a staff member works, for “my warehouse” task lists." });
const Roles = Type.Array(RoleName, { uniqueItems: true });

export const User = Type.Object({
  id: Type.String(),
  login: Type.String(),
  displayName: Type.String(),
  roles: Roles,
  warehouse: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  createdAt: Timestamp,
});
export const UserList = Type.Object({ users: Type.Array(User) });

export const LoginBody = Type.Object({ login: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });

export const Me = Type.Object({
  user: Type.Object({ id: Type.String(), login: Type.String(), displayName: Type.String(), roles: Roles, warehouse: Type.Union([Type.String(), Type.Null()]) }),
  via: Type.Union([Type.Literal("session"), Type.Literal("token")]),
});

export const FirstAdminBody = Type.Object(
  { setupCode: Type.String({ minLength: 1 }), login: Login, displayName: DisplayName, password: Password },
  { additionalProperties: false },
);

export const NewUserBody = Type.Object(
  { login: Login, displayName: DisplayName, password: Type.Optional(Password), roles: Type.Array(RoleName, { uniqueItems: true, minItems: 1 }), warehouse: Type.Optional(Warehouse) },
  { additionalProperties: false },
);

export const UserChangeBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    password: Type.Optional(Password),
    roles: Type.Optional(Roles),
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
