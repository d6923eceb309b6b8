import DataLoader from "dataloader";
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Store } from "../../lib/store";
import { perRequest, type SubgraphContext } from "../../lib/subgraph";
import type { EmploymentAdapter, EmploymentRecord } from "./adapter";
import { Employment, Person } from "./person.type";

export interface EmploymentDeps {
  adapter: EmploymentAdapter;
  store: Store;
}

/** Every person asked about in one request goes to the system in one QueryPersons call. */
export function employmentLoader(ctx: SubgraphContext, adapter: EmploymentAdapter): DataLoader<string, EmploymentRecord | null> {
  return perRequest(ctx, "employment:persons", () => new DataLoader((ids: readonly string[]) => adapter.queryPersons(ids), { maxBatchSize: 500 }));
}

export function toEmployment(record: EmploymentRecord): Employment {
  const { registration: r } = record;
  return {
    registration: { status: r.status, employer: r.employerCreditCode ? { creditCode: r.employerCreditCode } : null, since: r.since, region: r.region },
    employmentCardNo: record.employmentCardNo,
    hardToEmploy: record.hardToEmploy,
    graduate: record.graduate,
    unemploymentEndedOn: record.unemploymentEndedOn,
  };
}

@Resolver(() => Person)
export class PersonResolver {
  constructor(private readonly deps: EmploymentDeps) {}

  @FieldResolver(() => Employment, { nullable: true, description: "就业信息 employment: Registrations and cards at the public employment service; null when it has no record of the person" })
  async employment(@Root() person: Person, @Ctx() ctx: SubgraphContext): Promise<Employment | null> {
    const record = await employmentLoader(ctx, this.deps.adapter).load(person.idNumber);
    return record ? toEmployment(record) : null;
  }
}
