import { nowDate } from "../../../lib/clock";
import { ErrorCode, KuaibanError, badInput, forbidden, notFound, unauthenticated } from "../../../lib/errors";
import type { Principal } from "../../../lib/principal";
import type { Store } from "../../../lib/store";
import { calendar } from "../../../schema/calendar/calendar";
import { chinaDate, endOfChinaDay } from "../../../schema/calendar/deadline";
import { type Application, applicationStatus, officeOfApplication } from "../application";
import type { ApplicationRepository } from "../repository";
import { RATING_LEVELS, type RatingLevel, type StoreFigures, isPoorRating } from "../figures/figures";
import { type RatingTag, RATING_TAGS, tagsFor } from "./tags";

/**
 * 好差评: after an application is completed its applicant rates it once (一事一评). A 差评
 * (DISSATISFIED, VERY_DISSATISFIED) opens a follow-up for the office that handled it: call the
 * applicant back (回访) within 1 working day and rectify (整改) within 15 working days, both counted
 * on the working-day calendar from the day of the rating, to the end of the last day (China time).
 * Once rectified, the applicant may rate once more (追评), which replaces the 差评 in the figures;
 * there is no other second rating.
 */
export const COMMENT_MAX = 500;
export const NOTE_MAX = 500;
export const CALL_BACK_WORKING_DAYS = 1;
export const RECTIFY_WORKING_DAYS = 15;

export type RatingRound = "FIRST" | "FOLLOW_UP";
export interface StoredRating {
  applicationId: string;
  round: RatingRound;
  level: RatingLevel;
  tags: RatingTag[];
  comment: string | null;
  ratedAt: string;
}

export interface FollowUp {
  applicationId: string;
  caseNumber: string;
  scenario: number;
  office: string;
  level: RatingLevel;
  tags: RatingTag[];
  comment: string | null;
  openedAt: string;
  /** Null while the calendar has no data for the year the limit falls in. */
  callBackDue: string | null;
  rectifyDue: string | null;
  calledBackAt: string | null;
  callBackNote: string | null;
  rectifiedAt: string | null;
  rectifyNote: string | null;
}

export interface RateInput { applicationId: string; level: string; tags?: string[] | null; comment?: string | null }

const conflict = (reason: string, message: string) => new KuaibanError(ErrorCode.CONFLICT, message, { reason });

/** The end of the N-th working day after the day of `at` (the day itself not counted), or null past the calendar's data. */
export function workingDaysDue(at: Date, days: number): string | null {
  try {
    return endOfChinaDay(calendar().addWorkingDays(chinaDate(at), days)).toISOString();
  } catch (err) {
    if (err instanceof KuaibanError && err.code === ErrorCode.CALENDAR_YEAR_UNKNOWN) return null;
    throw err;
  }
}

/** Whether a limit was missed: done after it, or not done and past it. */
export const late = (due: string | null, doneAt: string | null, now: string): boolean => !!due && (doneAt ? doneAt > due : now > due);

/**
 * The applicant of an application: the citizen it is for, unless an employer submitted it; the
 * employer it is for, unless a citizen submitted it (a window submission is the person's or the
 * employer's it was made for).
 */
export function isApplicant(p: Principal, app: Application): boolean {
  if (p.kind === "citizen") return app.submittedBy.kind !== "employer" && app.idNumber === p.idNumber;
  if (p.kind === "employer") return app.submittedBy.kind !== "citizen" && app.creditCode === p.creditCode;
  return false;
}

function checkInput(input: RateInput): { level: RatingLevel; tags: RatingTag[]; comment: string | null } {
  if (!(RATING_LEVELS as readonly string[]).includes(input.level)) throw badInput(`level must be one of ${RATING_LEVELS.join(", ")}`, { field: "level" });
  const level = input.level as RatingLevel;
  const tags = [...new Set(input.tags ?? [])];
  const unknown = tags.filter((t) => !(RATING_TAGS as string[]).includes(t));
  if (unknown.length) throw badInput(`Unknown tags: ${unknown.join(", ")}`, { field: "tags" });
  const allowed = tagsFor(level);
  const mismatched = tags.filter((t) => !allowed.includes(t as RatingTag));
  if (mismatched.length) throw badInput(`These tags do not go with ${level}: ${mismatched.join(", ")}`, { field: "tags" });
  const comment = input.comment?.trim() || null;
  if (comment && [...comment].length > COMMENT_MAX) throw badInput(`A comment is at most ${COMMENT_MAX} characters`, { field: "comment" });
  return { level, tags: tags as RatingTag[], comment };
}

function checkNote(note: string | null | undefined): string | null {
  const n = note?.trim() || null;
  if (n && [...n].length > NOTE_MAX) throw badInput(`A note is at most ${NOTE_MAX} characters`, { field: "note" });
  return n;
}

export class Ratings {
  constructor(
    private readonly store: Store,
    private readonly repo: ApplicationRepository,
    private readonly figures: StoreFigures,
    private readonly prefix: string,
  ) {}

  ratingKey(id: string, round: RatingRound) { return `${this.prefix}:rating:{${id}}:${round === "FIRST" ? 1 : 2}`; }
  followUpKey(id: string) { return `${this.prefix}:followup:{${id}}`; }
  officeIndex(office: string) { return `${this.prefix}:followups:${office}`; }

  async ratings(id: string): Promise<StoredRating[]> {
    const raw = await this.store.mget([this.ratingKey(id, "FIRST"), this.ratingKey(id, "FOLLOW_UP")]);
    return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as StoredRating);
  }

  async followUp(id: string): Promise<FollowUp | null> {
    const raw = await this.store.get(this.followUpKey(id));
    return raw ? (JSON.parse(raw) as FollowUp) : null;
  }

  async rate(principal: Principal | undefined, input: RateInput): Promise<StoredRating> {
    if (!principal) throw unauthenticated();
    if (principal.kind !== "citizen" && principal.kind !== "employer") throw forbidden("Only the applicant rates an application");
    const { level, tags, comment } = checkInput(input);
    const app = await this.repo.load(input.applicationId);
    if (!app) throw notFound(`No application ${input.applicationId}`);
    if (!isApplicant(principal, app)) throw forbidden("Only the applicant rates an application");
    if (applicationStatus(app.steps) !== "COMPLETED") throw conflict("NOT_COMPLETED", "An application is rated once it is completed");

    const [first, second] = await this.ratings(app.id);
    const rating: StoredRating = { applicationId: app.id, round: first ? "FOLLOW_UP" : "FIRST", level, tags, comment, ratedAt: nowDate().toISOString() };
    if (!first) {
      if (!(await this.store.set(this.ratingKey(app.id, "FIRST"), JSON.stringify(rating), { nx: true }))) {
        throw conflict("ALREADY_RATED", "This application has been rated");
      }
      await this.afterFirst(app, rating);
      return rating;
    }
    // a retry after a crash finishes what the first rating began
    await this.afterFirst(app, first);
    if (second) {
      await this.figures.rated({ applicationId: app.id, office: officeOfApplication(app), level: second.level, at: second.ratedAt, replaces: { level: first.level, at: first.ratedAt } });
      throw conflict("ALREADY_RATED", "This application has been rated, and rated again after rectification");
    }
    if (!isPoorRating(first.level)) throw conflict("ALREADY_RATED", "This application has been rated (一事一评)");
    const followUp = await this.followUp(app.id);
    if (!followUp?.rectifiedAt) throw conflict("NOT_RECTIFIED", "A 差评 may be rated again once the office has rectified it");
    if (!(await this.store.set(this.ratingKey(app.id, "FOLLOW_UP"), JSON.stringify(rating), { nx: true }))) {
      throw conflict("ALREADY_RATED", "This application has been rated again already");
    }
    await this.figures.rated({ applicationId: app.id, office: officeOfApplication(app), level, at: rating.ratedAt, replaces: { level: first.level, at: first.ratedAt } });
    return rating;
  }

  /** What a first rating sets going: its figures and, for a 差评, the office's follow-up (each once). */
  private async afterFirst(app: Application, rating: StoredRating): Promise<void> {
    const office = officeOfApplication(app);
    if (isPoorRating(rating.level) && !(await this.followUp(app.id))) {
      const opened = new Date(rating.ratedAt);
      const followUp: FollowUp = {
        applicationId: app.id, caseNumber: app.caseNumber, scenario: app.scenario, office, level: rating.level, tags: rating.tags, comment: rating.comment,
        openedAt: rating.ratedAt,
        callBackDue: workingDaysDue(opened, CALL_BACK_WORKING_DAYS),
        rectifyDue: workingDaysDue(opened, RECTIFY_WORKING_DAYS),
        calledBackAt: null, callBackNote: null, rectifiedAt: null, rectifyNote: null,
      };
      if (await this.store.set(this.followUpKey(app.id), JSON.stringify(followUp), { nx: true })) {
        await this.store.zadd(this.officeIndex(office), Date.parse(followUp.openedAt), app.id);
      }
    }
    await this.figures.rated({ applicationId: app.id, office, level: rating.level, at: rating.ratedAt });
  }

  /** Records the call-back (回访) of a follow-up. */
  async callBack(applicationId: string, note: string | null | undefined, mayAct: (office: string) => boolean): Promise<FollowUp> {
    const text = checkNote(note);
    const f = await this.followUpFor(applicationId, mayAct);
    if (f.calledBackAt) throw conflict("ALREADY_CALLED_BACK", "The call-back has been recorded");
    return this.save({ ...f, calledBackAt: nowDate().toISOString(), callBackNote: text });
  }

  /** Records the rectification (整改), after the call-back; the applicant may then rate once more. */
  async rectify(applicationId: string, note: string | null | undefined, mayAct: (office: string) => boolean): Promise<FollowUp> {
    const text = checkNote(note);
    if (!text) throw badInput("Say what was rectified", { field: "note" });
    const f = await this.followUpFor(applicationId, mayAct);
    if (!f.calledBackAt) throw conflict("NOT_CALLED_BACK", "The applicant is called back before the rectification is recorded");
    if (f.rectifiedAt) throw conflict("ALREADY_RECTIFIED", "The rectification has been recorded");
    return this.save({ ...f, rectifiedAt: nowDate().toISOString(), rectifyNote: text });
  }

  private async followUpFor(applicationId: string, mayAct: (office: string) => boolean): Promise<FollowUp> {
    const f = await this.followUp(applicationId);
    if (!f) throw notFound(`No follow-up for application ${applicationId}`);
    if (!mayAct(f.office)) throw forbidden("The follow-up belongs to another office");
    return f;
  }

  private async save(f: FollowUp): Promise<FollowUp> {
    await this.store.set(this.followUpKey(f.applicationId), JSON.stringify(f));
    return f;
  }

  /** The follow-ups of some offices, oldest first; `overdueOnly`: those that missed or are past a limit. */
  async followUps(offices: string[], overdueOnly: boolean): Promise<FollowUp[]> {
    const ids = (await Promise.all(offices.map((o) => this.store.zrange(this.officeIndex(o))))).flat();
    const raw = await this.store.mget(ids.map((id) => this.followUpKey(id)));
    const now = nowDate().toISOString();
    return raw
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as FollowUp)
      .filter((f) => !overdueOnly || late(f.callBackDue, f.calledBackAt, now) || late(f.rectifyDue, f.rectifiedAt, now))
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  }
}
