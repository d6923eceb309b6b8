import { LegacyAnswer, LegacyClient } from "../../lib/legacy-client";
import { buildEnvelope, parseEnvelope, soapAction, type SoapFault, type SoapFields } from "./soap";

/** A business refusal (`soap:Client` fault) of the SOAP service, for the adapter to translate. */
export class SoapFaultError extends LegacyAnswer {
  constructor(readonly fault: SoapFault) { super(fault.faultstring); }
}

export interface SoapClientOptions {
  system: string;
  baseUrl: string;
  /** The whole budget of one call, retries included (default 2 s, `LEGACY_TIMEOUT_MS`). */
  timeoutMs?: number;
  readRetries?: number;
}

/**
 * SOAP 1.1 over `LegacyClient` (one deadline per call, bounded retries for reads, failures as
 * `UPSTREAM_UNAVAILABLE`). SOAP sends business faults with HTTP 500, so every answer is read here:
 * a client fault with a legacy code is a refusal, any other fault or shape is the service failing.
 */
export class SoapClient {
  readonly system: string;
  private readonly http: LegacyClient;

  constructor(opts: SoapClientOptions) {
    this.system = opts.system;
    this.http = new LegacyClient(opts);
  }

  /** Calls one operation; returns the fields of its `<op>Response` element. */
  call(operation: string, fields: SoapFields, opts: { read: boolean }): Promise<Record<string, unknown>> {
    return this.http.request(
      {
        method: "POST",
        path: "/",
        rawBody: buildEnvelope(operation, fields),
        headers: { "content-type": "text/xml; charset=utf-8", soapaction: soapAction(operation) },
        read: opts.read,
      },
      (res) => {
        const parsed = parseEnvelope(res.text);
        if (parsed.kind === "fault") {
          if (parsed.fault.faultcode.endsWith("Client") && parsed.fault.legacyCode) throw new SoapFaultError(parsed.fault);
          throw new Error(`SOAP fault ${parsed.fault.faultcode}`);
        }
        if (res.status !== 200 || parsed.element !== `${operation}Response`) throw new Error(`unexpected answer to ${operation}: HTTP ${res.status}`);
        return parsed.fields;
      },
    );
  }
}
