import type { Role } from "./roles";

/** Who a request acts for: a signed-in user, or the owner of an API token with the token's roles and the owner's job roles. */
export interface Principal {
  userId: string;
  login: string;
  displayName: string;
  roles: Role[];
  /** What they do in a warehouse ("picker", "packer"…): the tasks flows assign by role are theirs. */
  jobRoles: string[];
  /** Where a staff member works, for "my warehouse" task lists. */
  warehouse: string | null;
  via: "session" | "token";
  /** The API token used, when via is "token". */
  tokenId?: string;
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}
