import { hash, verify } from "@node-rs/argon2";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { Store } from "../lib/store";
import type { Principal } from "../lib/principal";
import { dataKeysFromEnv, type DataKeys } from "./data-key";
import { normalizeRecoveryCode } from "./totp";

/**
 * Hub accounts. A citizen is linked to a person by resident ID number, an employer operator
 * (经办人) to an enterprise by credit code, staff to an agency and region; the administrator is a
 * staff account with the `admin` role. Lookup keys hash the login and ID number so that key
 * names (visible to anyone watching Redis) carry no personal data.
 */
export type AccountKind = "citizen" | "employer" | "staff";

export interface Account {
  id: string;
  login: string;
  kind: AccountKind;
  /** Shown on the hub's pages; personal data, never logged. */
  displayName: string;
  passwordHash?: string;
  /** Base32 TOTP secret; staff cannot sign in without one. In memory only: stored sealed (see `save`). */
  totpSecret?: string;
  idNumber?: string;
  creditCode?: string;
  roles?: string[];
  agency?: string;
  region?: string;
  /**
   * SHA-256 of each unused one-time recovery code, salted with the account id (see
   * `useRecoveryCode`). Set when an authenticator is enrolled; each use removes its hash.
   */
  recoveryCodeHashes?: string[];
}

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): memory-hard, ~20 ms per check. */
const ARGON2 = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

/** A hash to verify against when the login is unknown, so timing does not reveal which logins exist. */
let decoy: Promise<string> | undefined;

export function lookupHash(value: string): string {
  return createHash("sha256").update(value.trim().toLowerCase()).digest("base64url");
}

/** An account as it is stored: the TOTP secret sealed with the hub's data key, bound to the account id. */
type StoredAccount = Omit<Account, "totpSecret"> & { totpSecretSealed?: string; totpSecret?: string };

export class Accounts {
  /** `keys` defaults to `AUTH_DATA_KEY` (see data-key.ts), read when first needed. */
  constructor(private readonly store: Store, private readonly prefix = "kb:auth", private keys?: DataKeys) {}

  private get sealer(): DataKeys {
    this.keys ??= dataKeysFromEnv();
    return this.keys;
  }

  private accountKey(id: string) { return `${this.prefix}:account:${id}`; }
  private loginKey(login: string) { return `${this.prefix}:login:${lookupHash(login)}`; }
  private idNumberKey(idNumber: string) { return `${this.prefix}:id-number:${lookupHash(idNumber)}`; }

  async save(account: Account): Promise<void> {
    await this.store.set(this.accountKey(account.id), JSON.stringify(this.seal(account)));
    await this.store.set(this.loginKey(account.login), account.id);
    if (account.kind === "citizen" && account.idNumber) await this.store.set(this.idNumberKey(account.idNumber), account.id);
  }

  private seal(account: Account): StoredAccount {
    const { totpSecret, ...rest } = account;
    return totpSecret ? { ...rest, totpSecretSealed: this.sealer.encrypt(totpSecret, `totp:${account.id}`) } : rest;
  }

  /**
   * A record whose secret cannot be opened (wrong key, tampered) throws rather than reading as
   * "no second factor yet", which would let the password alone enrol a new authenticator.
   */
  async byId(id: string): Promise<Account | undefined> {
    const raw = await this.store.get(this.accountKey(id));
    if (!raw) return undefined;
    const { totpSecretSealed, ...stored } = JSON.parse(raw) as StoredAccount;
    if (stored.totpSecret) {
      // written before secrets were sealed: sealed now, on first read
      await this.store.set(this.accountKey(id), JSON.stringify(this.seal(stored as Account)));
      return stored as Account;
    }
    return totpSecretSealed ? { ...stored, totpSecret: this.sealer.decrypt(totpSecretSealed, `totp:${id}`) } : (stored as Account);
  }

  async byLogin(login: string): Promise<Account | undefined> {
    const id = await this.store.get(this.loginKey(login));
    return id ? this.byId(id) : undefined;
  }

  async byIdNumber(idNumber: string): Promise<Account | undefined> {
    const id = await this.store.get(this.idNumberKey(idNumber));
    return id ? this.byId(id) : undefined;
  }

  /** The account when the password is right; undefined otherwise, taking the same time either way. */
  async checkPassword(login: string, password: string): Promise<Account | undefined> {
    const account = await this.byLogin(login);
    if (!account?.passwordHash) {
      decoy ??= hashPassword(randomUUID());
      await verify(await decoy, password).catch(() => false);
      return undefined;
    }
    return (await verify(account.passwordHash, password)) ? account : undefined;
  }

  /**
   * Recovery codes are ~79 bits of randomness each, so unlike passwords they cannot be guessed
   * offline even from a fast hash: SHA-256 salted with the account id (a leaked record gives
   * nothing usable for any other account) is enough, and keeps ten comparisons cheap. argon2 is
   * for what people choose (passwords), whose entropy is low.
   */
  static recoveryCodeHash(accountId: string, code: string): string {
    return createHash("sha256").update(`recovery:${accountId}:${code}`).digest("base64url");
  }

  /** Replaces the account's recovery codes (at enrolment); only their hashes are kept. */
  withRecoveryCodes(account: Account, codes: string[]): Account {
    return { ...account, recoveryCodeHashes: codes.map((c) => Accounts.recoveryCodeHash(account.id, normalizeRecoveryCode(c)!)) };
  }

  /**
   * Uses one recovery code: true exactly once per code. The claim is taken atomically (SET NX)
   * before the record is rewritten, so two concurrent uses of the same code cannot both pass.
   */
  async useRecoveryCode(account: Account, input: string): Promise<boolean> {
    const code = normalizeRecoveryCode(input);
    const hashes = account.recoveryCodeHashes ?? [];
    if (!code || !hashes.length) return false;
    const given = Buffer.from(Accounts.recoveryCodeHash(account.id, code));
    const match = hashes.find((h) => h.length === given.length && timingSafeEqual(Buffer.from(h), given));
    if (!match) return false;
    const claimed = await this.store.set(`${this.prefix}:recovery-used:${account.id}:${match}`, "1", { ttlMs: 86_400_000, nx: true });
    if (!claimed) return false;
    const fresh = await this.byId(account.id);
    if (!fresh?.recoveryCodeHashes?.includes(match)) return false;
    await this.save({ ...fresh, recoveryCodeHashes: fresh.recoveryCodeHashes.filter((h) => h !== match) });
    return true;
  }

  /** How many recovery codes the account has left. */
  async recoveryCodesLeft(id: string): Promise<number> {
    return (await this.byId(id))?.recoveryCodeHashes?.length ?? 0;
  }

  /**
   * A citizen vouched for by the national platform: linked to the existing account with that ID
   * number, or created without a password (they sign in through the platform).
   */
  async linkCitizen(idNumber: string, displayName: string): Promise<Account> {
    const existing = await this.byIdNumber(idNumber);
    if (existing) return existing;
    const account: Account = { id: `acc_${randomUUID()}`, login: idNumber, kind: "citizen", displayName, idNumber };
    await this.save(account);
    return account;
  }
}

/** What the gateway needs to build a `Principal`; these claims go into every access token. */
export function principalClaims(account: Account): Record<string, unknown> {
  switch (account.kind) {
    case "citizen": return { kind: "citizen", id_number: account.idNumber };
    case "employer": return { kind: "employer", credit_code: account.creditCode };
    case "staff": return { kind: "staff", roles: account.roles ?? [], agency: account.agency, region: account.region };
    default: {
      const never: never = account.kind;
      throw new Error(`unknown account kind ${String(never)}`);
    }
  }
}

export function principalOf(account: Account): Principal {
  switch (account.kind) {
    case "citizen": return { kind: "citizen", subject: account.id, idNumber: account.idNumber! };
    case "employer": return { kind: "employer", subject: account.id, creditCode: account.creditCode! };
    case "staff": return { kind: "staff", subject: account.id, roles: account.roles ?? [], agency: account.agency!, region: account.region! };
    default: {
      const never: never = account.kind;
      throw new Error(`unknown account kind ${String(never)}`);
    }
  }
}

export const needsSecondFactor = (account: Account) => account.kind === "staff";
