import passport from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import { Strategy as CustomStrategy } from "passport-custom";
import type { Request } from "express";
import type { Accounts, Account } from "./accounts";
import { checkTotp } from "./totp";
import type { Upstream } from "./upstream";

/** What the TOTP step checks against: the account the password step found, and a secret being enrolled. */
export interface PendingSecondFactor { account: Account; enrolSecret?: string }

/**
 * The hub's passport strategies, on a passport instance of its own (several hubs may share a
 * process in tests and `npm start`). None uses passport sessions: the OIDC interaction carries the
 * state between steps, and oidc-provider's session is the sign-in.
 */
export function createPassport(accounts: Accounts, upstream: Upstream | undefined) {
  const p = new passport.Passport();

  p.use("password", new LocalStrategy({ usernameField: "login", passwordField: "password", session: false }, (login, password, done) => {
    accounts.checkPassword(login, password).then((account) => done(null, account ?? false), done);
  }));

  p.use("totp", new CustomStrategy((req: Request, done) => {
    const pending = (req.res?.locals as { pending?: PendingSecondFactor }).pending;
    const secret = pending?.enrolSecret ?? pending?.account.totpSecret;
    if (!pending || !secret) return done(null, false);
    checkTotp(secret, String(req.body?.code ?? "").trim()).then((ok) => done(null, ok ? pending.account : false), done);
  }));

  if (upstream) {
    p.use("upstream", new CustomStrategy((req: Request, done) => {
      const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host")}`);
      upstream.finish(url)
        .then(async (identity) => {
          const account = await accounts.linkCitizen(identity.idNumber, identity.name);
          done(null, account, { uid: identity.uid });
        })
        .catch(done);
    }));
  }
  return p;
}

/** Runs a strategy without sessions and hands back its outcome. */
export function authenticate(p: passport.Authenticator, name: string, req: Request): Promise<{ account?: Account; info?: unknown }> {
  return new Promise((resolve, reject) => {
    p.authenticate(name, { session: false }, (err: unknown, account: Account | false, info: unknown) => {
      if (err) reject(err);
      else resolve({ account: account || undefined, info });
    })(req, req.res!, (err?: unknown) => (err ? reject(err) : resolve({})));
  });
}
