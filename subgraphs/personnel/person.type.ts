import { Directive, Field, ObjectType } from "type-graphql";
import { CreditCodeScalar, DateScalar, DateTimeScalar, IdNumberScalar } from "../../schema/scalars/graphql";

/** A person as the personnel system contributes to it; merged by idNumber. */
@Directive('@key(fields: "idNumber")')
@ObjectType()
export class Person {
  @Field(() => IdNumberScalar) idNumber!: string;
}

/** An employer as the personnel system contributes to it; merged by creditCode. */
@Directive('@key(fields: "creditCode")')
@ObjectType()
export class Employer {
  @Field(() => CreditCodeScalar) creditCode!: string;
}

@ObjectType({ description: "A personnel archive (人事档案) and the party relation kept with it" })
export class PersonnelArchive {
  @Field(() => String, { description: "The talent service centre that keeps it (档案保管机构)" }) keeper!: string;
  @Field(() => String, { description: "The contact point (region) of the keeper" }) region!: string;
  @Field(() => DateScalar, { description: "When the keeper received it" }) receivedOn!: string;
  @Field(() => Boolean) partyMember!: boolean;
  @Field(() => String, { nullable: true, description: "Where the party member's organization relation is (党组织关系所在)" }) partyOrganization!: string | null;
}

@ObjectType({ description: "A filing of a public institution's intended hire (事业单位拟聘用人员备案, 3.3.3)" })
export class HiringFiling {
  @Field(() => String, { description: "备案编号" }) filingNumber!: string;
  @Field(() => Person, { nullable: true, description: "Null, with FORBIDDEN on its path, for a person the caller may not read" }) person!: Person | null;
  @Field(() => String, { description: "岗位 (post category)" }) position!: string;
  @Field(() => DateScalar) hireDate!: string;
  @Field(() => DateTimeScalar) filedAt!: Date;
}
