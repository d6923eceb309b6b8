import type { ApolloServerPlugin } from "@apollo/server";
import { codeOf } from "../lib/errors";
import { graphqlDuration, graphqlOperations } from "../lib/metrics";

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Operations by name and outcome. A client names its operations as it likes, so only the first
 * `maxNames` distinct well-formed names get their own label (a front-end's operations are a few
 * dozen); later ones, anonymous and malformed ones count as "other"/"anonymous".
 */
export function metricsPlugin<T extends object>(maxNames = 200): ApolloServerPlugin<T> {
  const names = new Set<string>();
  const labelOf = (name: string | null | undefined) => {
    if (!name) return "anonymous";
    if (!NAME.test(name)) return "other";
    if (names.has(name)) return name;
    if (names.size >= maxNames) return "other";
    names.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, response, errors }) {
          const op = labelOf(operation?.name?.value ?? operationName);
          const type = operation?.operation ?? "invalid";
          const single = response.body.kind === "single" ? response.body.singleResult : undefined;
          const all = [...(errors ?? []), ...(single?.errors ?? [])];
          const outcome = all.length ? String(codeOf(all[0]) ?? all[0]?.extensions?.code ?? "INTERNAL_SERVER_ERROR") : "ok";
          graphqlOperations.inc({ operation: op, type, outcome });
          graphqlDuration.observe({ operation: op, type }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
