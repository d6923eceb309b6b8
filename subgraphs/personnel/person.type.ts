import { Directive, Field, ObjectType } from "type-graphql";
import { CreditCodeScalar, DateScalar, DateTimeScalar, IdNumberScalar } from "../../schema/scalars/graphql";

/** A person as the personnel system contributes to it; merged by idNumber. */
@Directive('@key(fields: "idNumber")')
@ObjectType({ description: "人员 person: 以公民身份号码为键 (keyed by resident ID number); 各系统的字段在网关合并于同一人员" })
export class Person {
  @Field(() => IdNumberScalar, { description: "公民身份号码 resident ID number (AAC002)" }) idNumber!: string;
}

/** An employer as the personnel system contributes to it; merged by creditCode. */
@Directive('@key(fields: "creditCode")')
@ObjectType({ description: "用人单位 employer: 以统一社会信用代码为键 (keyed by unified social credit code); 各系统的字段在网关合并于同一单位" })
export class Employer {
  @Field(() => CreditCodeScalar, { description: "统一社会信用代码 unified social credit code" }) creditCode!: string;
}

@ObjectType({ description: "人事档案 personnel archive: A personnel archive (人事档案) and the party relation kept with it" })
export class PersonnelArchive {
  @Field(() => String, { description: "档案保管机构 keeper: The talent service centre that keeps it (档案保管机构)" }) keeper!: string;
  @Field(() => String, { description: "保管机构所在联系点 region: The contact point (region) of the keeper" }) region!: string;
  @Field(() => DateScalar, { description: "接收日期 received on: When the keeper received it" }) receivedOn!: string;
  @Field(() => Boolean, { description: "是否党员 party member: 随档案记载" }) partyMember!: boolean;
  @Field(() => String, { nullable: true, description: "党组织关系所在 party organization: Where the party member's organization relation is (党组织关系所在)" }) partyOrganization!: string | null;
}

@ObjectType({ description: "事业单位拟聘用人员备案 hiring filing: A filing of a public institution's intended hire (事业单位拟聘用人员备案, 3.3.3)" })
export class HiringFiling {
  @Field(() => String, { description: "备案编号" }) filingNumber!: string;
  @Field(() => Person, { nullable: true, description: "拟聘人员 person: Null, with FORBIDDEN on its path, for a person the caller may not read" }) person!: Person | null;
  @Field(() => String, { description: "岗位 (post category)" }) position!: string;
  @Field(() => DateScalar, { description: "拟聘用日期 hire date" }) hireDate!: string;
  @Field(() => DateTimeScalar, { description: "备案时间 filed at" }) filedAt!: Date;
}
