import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { Kind, parse, visit, type DocumentNode } from "graphql";
import { devOnlyDefault } from "../../lib/config";
import type { Principal, PrincipalEnvelope } from "../../lib/principal";

/** What a peer gateway process is told by the benchmark, in `BENCH_PEER_CONFIG` (JSON). */
export interface PeerConfig {
  port: number;
  /** The composed supergraph SDL. */
  supergraph: string;
  /** Per subgraph URL, the static signed principal (header `x-kuaiban-principal`) meant for that subgraph. */
  principalByUrl: Record<string, string>;
  /** Per subgraph name, the same. */
  principalByName: Record<string, string>;
}

export const peerConfig = (): PeerConfig => JSON.parse(process.env.BENCH_PEER_CONFIG ?? "{}") as PeerConfig;

/**
 * The supergraph of the catalogue and the five agency systems, composed with `@apollo/composition`
 * from the emitted SDL (schema/sdl/<name>.graphql). The value types defined in several subgraphs
 * already carry `@shareable` in the subgraph code. The access directives (`@authenticated`,
 * `@requiresScopes`, `@policy`) are taken out of the benchmark's copy: Apollo Gateway refuses a
 * supergraph with these SECURITY features (only GraphOS Router enforces them), and the peers run
 * without an access layer anyway.
 */
export function composeSupergraph(subgraphs: { name: string; url: string }[]): string {
  const result = composeServices(subgraphs.map(({ name, url }) => ({ name, url, typeDefs: withoutAccessDirectives(parse(readFileSync(new URL(`../../schema/sdl/${name}.graphql`, import.meta.url), "utf8"))) })));
  if (result.errors?.length || !result.supergraphSdl) throw new Error(`composition failed:\n${(result.errors ?? []).map((e) => e.message).join("\n")}`);
  return result.supergraphSdl;
}

/**
 * A signed principal that stays good for `hours`, for peers that cannot sign per request: the same
 * envelope and MAC as lib/principal.ts (which caps a principal's life at a minute on purpose, for
 * the gateway's own calls), with the same `KUAIBAN_INTERNAL_SECRET`, one per audience (subgraph).
 */
export function staticPrincipal(principal: Principal, audience: string, hours = 6): string {
  const envelope: PrincipalEnvelope = { p: principal, aud: audience, rid: "bench-peer", exp: Math.floor(Date.now() / 1000) + hours * 3600 };
  const payload = Buffer.from(JSON.stringify(envelope)).toString("base64url");
  const secret = devOnlyDefault("KUAIBAN_INTERNAL_SECRET", "dev-only-internal-secret-do-not-use-in-production");
  return `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
}

const ACCESS = ["authenticated", "requiresScopes", "policy"];

function withoutAccessDirectives(doc: DocumentNode): DocumentNode {
  return visit(doc, {
    Directive: (node) => (ACCESS.includes(node.name.value) ? null : undefined),
    // and out of `@link(import: [...])`
    ListValue: (node) => ({ ...node, values: node.values.filter((v) => !(v.kind === Kind.STRING && ACCESS.includes(v.value.replace(/^@/, "")))) }),
  });
}
