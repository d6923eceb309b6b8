import { Directive, Field, ObjectType } from "type-graphql";

/**
 * The page position every connection gives (Relay's PageInfo): the same shape in every subgraph
 * and in the gateway's own schemas, so the gateway merges it into one type.
 */
@Directive("@shareable")
@ObjectType({ description: "分页信息 page info: 是否还有下一页，以及继续翻页用的游标 (pass endCursor as `after`)" })
export class PageInfo {
  @Field(() => Boolean, { description: "还有下一页 has next page" }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: "本页最后一项的游标 end cursor, 作为 `after` 取下一页; 空页为 null" }) endCursor!: string | null;
}
