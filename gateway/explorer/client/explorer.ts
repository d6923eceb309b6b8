// Order matters: Monaco must find its worker setup before GraphiQL loads it.
import "./workers";
import { createElement as h, StrictMode, useCallback, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL, type GraphiQLProps } from "graphiql";
import "graphiql/style.css";
import "./page.css";
import { readConfig } from "./config";
import { endHubSession, signIn, type Session } from "./sign-in";

const config = readConfig();
// The hub returns only to the registered address; opened under another name (localhost for
// 127.0.0.1) the sign-in answer could not reach this page, so it says where to go instead.
const home = new URL(config.endpoint, config.redirectUri).href;
const elsewhere = location.origin !== new URL(config.redirectUri).origin;

const KIND_LABEL: Record<string, string> = { citizen: "个人", employer: "单位经办人", staff: "工作人员" };

const DEFAULT_QUERY = `# 快办 GraphQL 接口调试 (explorer)
# 公开数据无需登录；个人、单位和业务数据请先点右上角「登录」(sign in through the hub).
# 登录后以本人身份查询，例如 { person(idNumber: "…") { name } }

{
  serviceItem(code: "2.4.2") {
    name
    acceleratedLimit { value unit }
  }
}
`;

function Explorer() {
  // The token lives here, in this page's memory, and nowhere else.
  const [session, setSession] = useState<Session | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  const [, setExpired] = useState(0);
  const latest = useRef(session);
  latest.current = session;
  const current = session && session.expiresAt > Date.now() ? session : undefined;

  // one fetcher for the page's life: it reads the session when each operation is sent
  const fetcher = useMemo<GraphiQLProps["fetcher"]>(() => async (params, opts) => {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...(opts?.headers as Record<string, string> | undefined) };
    const s = latest.current;
    if (s && s.expiresAt > Date.now()) headers.authorization = `Bearer ${s.accessToken}`;
    else if (s) setExpired(Date.now()); // the header then says so
    const res = await fetch(config.endpoint, { method: "POST", headers, body: JSON.stringify(params), credentials: "omit" });
    return res.json();
  }, []);

  const onSignIn = useCallback(async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      setSession(await signIn(config));
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);

  const onSignOut = useCallback(async () => {
    setSession(undefined);
    setProblem(undefined);
    await endHubSession(config);
  }, []);

  const who = current
    ? `已登录 signed in: ${current.name ?? "?"}（${KIND_LABEL[current.kind ?? ""] ?? current.kind ?? ""}${current.roles?.length ? ` ${current.roles.join(", ")}` : ""}）`
    : session ? "登录已过期 (the token expired), 请重新登录" : "未登录：只能查询公开数据 (not signed in)";

  return h("div", { id: "explorer" },
    h("header", { className: "kb-bar" },
      h("h1", null, "快办 GraphQL"),
      problem ? h("span", { className: "kb-error", role: "alert" }, problem) : null,
      h("span", { className: "kb-who", id: "explorer-user", "aria-live": "polite" }, who),
      elsewhere
        ? h("a", { href: home, id: "explorer-elsewhere" }, `登录请打开 ${home} (sign in from the registered address)`)
        : current
          ? h("button", { type: "button", id: "explorer-sign-out", onClick: onSignOut }, "退出 Sign out")
          : h("button", { type: "button", id: "explorer-sign-in", onClick: onSignIn, disabled: busy }, busy ? "登录中…" : "登录 Sign in"),
    ),
    h("div", { className: "kb-graphiql" },
      h(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, shouldPersistHeaders: false }),
    ),
  );
}

createRoot(document.getElementById("explorer-root")!).render(h(StrictMode, null, h(Explorer)));
