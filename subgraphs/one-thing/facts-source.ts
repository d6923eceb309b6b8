import { log } from "../../lib/log";
import type { FactsSource } from "./engine";
import { engineHeaders } from "./engine-principal";
import type { AgencyUrls } from "./options";
import type { Facts } from "./workflow";

/**
 * The facts the agencies' systems hold about a person, read before an application is built so
 * the conditional steps follow the records (no card application for someone who has a card, the
 * benefit stopped only where it is paid). Each system is asked for its own part through its
 * `_entities`; a system that does not answer adds nothing, and the applicant's statement stands.
 */
interface Lookup {
  agency: keyof AgencyUrls;
  selection: string;
  read: (person: Record<string, unknown>, region: string) => Facts;
}

const lookups: Lookup[] = [
  {
    agency: "card",
    selection: "socialSecurityCard { status }",
    read: (p) => {
      const card = p.socialSecurityCard as { status: string } | null;
      if (!card) return {};
      const facts: Facts = { HAS_CARD: !["NONE", "CANCELLED"].includes(card.status) };
      // a card the system holds as LOST has been reported already: only a replacement is left to do
      if (card.status === "LOST") facts.CARD_LOST = false;
      return facts;
    },
  },
  {
    agency: "social-insurance",
    selection: "socialInsurance { benefits { kind status } }",
    read: (p) => {
      const si = p.socialInsurance as { benefits: { kind: string | null; status: string | null }[] } | null;
      if (!si) return {};
      return { DRAWS_UNEMPLOYMENT_BENEFIT: si.benefits.some((b) => b.kind === "UNEMPLOYMENT_BENEFIT" && b.status === "PAYING") };
    },
  },
  {
    agency: "personnel",
    selection: "archive { region partyMember }",
    read: (p, region) => {
      const archive = p.archive as { region: string; partyMember: boolean } | null;
      if (!archive) return {};
      return { PARTY_MEMBER: archive.partyMember, ARCHIVE_ELSEWHERE: archive.region !== region };
    },
  },
  {
    agency: "employment",
    selection: "employment { graduate employmentCardNo }",
    read: (p) => {
      const e = p.employment as { graduate: boolean; employmentCardNo: string | null } | null;
      return e ? { GRADUATE: e.graduate, HAS_EMPLOYMENT_CARD: e.employmentCardNo !== null } : {};
    },
  },
];

export function agencyFactsSource(urls: AgencyUrls, opts: { timeoutMs?: number } = {}): FactsSource {
  const timeoutMs = opts.timeoutMs ?? 2_000;
  return async ({ idNumber, region }) => {
    if (!idNumber) return {};
    const parts = await Promise.all(lookups.map(async (l): Promise<Facts> => {
      try {
        const res = await fetch(urls[l.agency], {
          method: "POST",
          headers: engineHeaders(l.agency),
          body: JSON.stringify({
            query: `query Facts($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${l.selection} } } }`,
            variables: { r: [{ __typename: "Person", idNumber }] },
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = (await res.json()) as { data?: { _entities?: (Record<string, unknown> | null)[] } };
        const person = body.data?._entities?.[0];
        return person ? l.read(person, region) : {};
      } catch (err) {
        log.warn({ agency: l.agency, err: String(err) }, "one-thing could not read facts; the applicant's statement stands");
        return {};
      }
    }));
    return Object.assign({}, ...parts) as Facts;
  };
}
