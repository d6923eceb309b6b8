import type { NextFunction, Request, Response } from "express";
import type { GraphQLFormattedError } from "graphql";
import { formatError } from "../lib/errors";
import { currentLanguage, localizeError, negotiateLanguage, refusalBody, withLanguage, type Language } from "../lib/messages";

/**
 * Messages people can read. Every error the gateway answers keeps its `extensions.code` and gets
 * `extensions.messages { zh, en }`; `message` is in the language `Accept-Language` prefers: Chinese
 * for `zh*`, English otherwise (absent, `*`, `en`), because the gateway's direct readers are
 * programs and their developers, while every browser in a Chinese locale sends `zh-CN`.
 */

/** The language of a request's answer. */
export const requestLanguage = (req: Pick<Request, "headers"> | undefined): Language => negotiateLanguage(req?.headers["accept-language"]);

/** Express step in front of Apollo Server: errors formatted within the request speak its language. */
export function languageStep(req: Request, _res: Response, next: NextFunction): void {
  withLanguage(requestLanguage(req), next);
}

/** Apollo Server `formatError` for the gateway: lib/errors' rules, then the request's language. */
export const gatewayFormatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError =>
  localizeError(formatError(formatted, error), currentLanguage());

/** Sends a GraphQL-shaped refusal in the request's language (`res.req` is the request). */
export function sendRefusal(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  res.status(status).json(refusalBody(requestLanguage(res.req), code, message, extensions));
}
