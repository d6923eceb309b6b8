import { FieldResolver, Resolver, Root } from "type-graphql";
import type { Store } from "./store";
import { rosterOf } from "./roster";
import { RosterMember } from "./roster.type";

/**
 * `Employer.<field>`: the agency's roster of the employer's staff. Each agency that keeps a roster
 * calls this once at module level with its own Employer type and field name.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function rosterResolverFor(employerType: Function, fieldName: string, agency: string, description: string) {
  @Resolver(() => employerType)
  class RosterResolver {
    constructor(private readonly deps: { store: Store }) {}

    @FieldResolver(() => [RosterMember], { name: fieldName, description })
    roster(@Root() employer: { creditCode: string }): Promise<RosterMember[]> {
      return rosterOf(this.deps.store, agency, employer.creditCode);
    }
  }
  return RosterResolver;
}
