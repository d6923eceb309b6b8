import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LegacyStandIn } from "../../../lib/legacy-server";
import { demoData } from "../../../schema/demo";
import { startPersonnelLegacy } from "./index";

let legacy: LegacyStandIn;
beforeAll(async () => { legacy = await startPersonnelLegacy({ port: 0 }); });
afterAll(async () => { await legacy.close(); });

const call = async (verb: string, body: unknown) => {
  const res = await fetch(`${legacy.url}/rsda/api/${verb}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() as { code: string; msg: string; data: any } };
};

describe("personnel stand-in", () => {
  it("deduplicates transfers by 流水号 and refuses it for another request", async () => {
    const person = demoData().people[0]!;
    const zrdq = person.archiveRegion === "晋城市" ? "大同市" : "晋城市";
    const body = { lsh: `lsh-${Date.now()}`, sfzh: person.idNumber, zrdq };
    const first = await call("dazd", body);
    expect(first.body.code).toBe("0000");
    expect(await call("dazd", body)).toEqual(first);
    const other = await call("dazd", { ...body, zrdq: "太原市" });
    expect(other).toMatchObject({ status: 200, body: { code: "9001" } });
    const archive = await call("dacx", { sfzh_list: [person.idNumber] });
    expect(archive.body.data[0]).toMatchObject({ dabgdq: zrdq, dawz: `${zrdq}人才交流服务中心` });
  });

  it("answers refusals with HTTP 200 and its own code", async () => {
    const nonMember = demoData().people.find((p) => !p.partyMember)!;
    expect((await call("dyzj", { lsh: `lsh2-${Date.now()}`, sfzh: nonMember.idNumber, zrdzz: "中共某支部" })).body.code).toBe("2001");
    expect((await call("nope", {})).status).toBe(404);
  });
});
