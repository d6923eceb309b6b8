import { readConfig } from "./config";

// Monaco runs its language services in web workers; they come from the gateway itself, built beside
// the page's bundle. Imported before GraphiQL so Monaco finds this when it starts.
const { assets } = readConfig();
const files: Record<string, string> = { json: "json.worker.js", graphql: "graphql.worker.js" };
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return new Worker(`${assets}/${files[label] ?? "editor.worker.js"}`);
  },
};
