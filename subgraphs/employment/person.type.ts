import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { CreditCodeScalar, DateScalar, IdNumberScalar } from "../../schema/scalars/graphql";
import { RegistrationStatus } from "./adapter";

registerEnumType(RegistrationStatus, {
  name: "EmploymentRegistrationStatus",
  description: "EMPLOYED = 就业登记 in force, UNEMPLOYED = 失业登记 in force, NONE = no registration in force",
});

/** A person as the employment system contributes to it; the gateway merges it by idNumber. */
@Directive('@key(fields: "idNumber")')
@ObjectType()
export class Person {
  @Field(() => IdNumberScalar) idNumber!: string;
}

@Directive('@key(fields: "creditCode")')
@ObjectType()
export class Employer {
  @Field(() => CreditCodeScalar) creditCode!: string;
}

@ObjectType({ description: "The registration in force (就业登记 or 失业登记)" })
export class EmploymentRegistration {
  @Field(() => RegistrationStatus) status!: RegistrationStatus;
  @Field(() => Employer, { nullable: true, description: "The employer of an employment registration" }) employer!: Employer | null;
  @Field(() => DateScalar, { nullable: true, description: "The day the registration took effect" }) since!: string | null;
  @Field(() => String, { nullable: true, description: "The contact point (region) where it is registered" }) region!: string | null;
}

@ObjectType({ description: "What the public employment and talent service (公共就业人才服务机构) knows of a person" })
export class Employment {
  @Field(() => EmploymentRegistration) registration!: EmploymentRegistration;
  @Field(() => String, { nullable: true, description: "《就业创业证》 number, when one was issued" }) employmentCardNo!: string | null;
  @Field(() => Boolean, { description: "Recognised as a person with employment difficulties (就业困难人员)" }) hardToEmploy!: boolean;
  @Field(() => Boolean, { description: "A graduate (高校毕业生) not yet accepted by an employer" }) graduate!: boolean;
  @Field(() => DateScalar, { nullable: true, description: "When the latest unemployment registration ended (e.g. by an employment registration)" })
  unemploymentEndedOn!: string | null;
}
