import { z } from 'zod';
import type { AccountState, FlowKind } from './accounts';
import type { ErrorCode, ErrorInfo } from './errors';
import type { Target } from './tokens';

/**
 * The local endpoint's protocol: what the `tokendock` command (or any program of the same user)
 * may ask a running TokenDock host over its Unix socket or named pipe.
 *
 * One request per connection, newline-delimited JSON: the client writes one line
 * `{"v":1,"channel":…,"payload":…,"pid":…}`; the server may write progress lines (sign-in only)
 * and then one final line `{"envelope":{"ok":true,"value":…}}` or
 * `{"envelope":{"ok":false,"error":{…}}}`, and closes. Requests are validated here, strictly, as
 * the renderer's are (`schemas.ts`); anything else is refused with `invalid_request`.
 */

/** The protocol version this host speaks. */
export const ENDPOINT_PROTOCOL_VERSION = 1;
/** The largest request line accepted, newline included (bytes). */
export const MAX_ENDPOINT_REQUEST_BYTES = 64 * 1024;

/** The channels scripts may use, and only these. */
export const ENDPOINT_CHANNELS = ['list', 'token', 'refresh', 'sign-in', 'status'] as const;
export type EndpointChannel = (typeof ENDPOINT_CHANNELS)[number];

const MAX_TEXT = 2_048;
/** An account or target named by id, name, or a unique prefix of either. */
const selector = z.string().trim().min(1).max(256);

const none = z.strictObject({});

/** The payload validator of every endpoint channel. */
export const ENDPOINT_PAYLOAD_SCHEMAS = {
  list: none,
  status: none,
  token: z
    .strictObject({
      /** Absent: the only account, when there is exactly one. */
      account: selector.optional(),
      /** A target's label or id. */
      target: selector.optional(),
      scopes: z.array(z.string().min(1).max(512)).min(1).max(50).optional(),
      resource: z.string().min(1).max(MAX_TEXT).optional(),
      /** Refresh first when less than this is left (seconds); default 60. */
      minValiditySeconds: z
        .number()
        .int()
        .min(0)
        .max(24 * 3_600)
        .optional(),
    })
    .refine((p) => !(p.target && (p.scopes || p.resource)), {
      message: 'name a target, or scopes/a resource, not both',
    }),
  refresh: z.strictObject({ account: selector, target: selector.optional() }),
  'sign-in': z.strictObject({ account: selector }),
} as const;

export type EndpointPayload<C extends EndpointChannel> = z.infer<
  (typeof ENDPOINT_PAYLOAD_SCHEMAS)[C]
>;

/** One request line. `pid` is the caller's process id as it declares it (see the server). */
export const endpointRequestSchema = z.strictObject({
  v: z.literal(ENDPOINT_PROTOCOL_VERSION),
  channel: z.enum(ENDPOINT_CHANNELS),
  payload: z.unknown(),
  pid: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .optional(),
});

export type EndpointRequest = {
  [C in EndpointChannel]: { v: 1; channel: C; payload: EndpointPayload<C>; pid?: number };
}[EndpointChannel];

/** A target as scripts see it: what it is for, its state and expiry; never a token. */
export interface EndpointTarget {
  id: string;
  label: string;
  target: Target;
  state: AccountState;
  /** UTC epoch ms. */
  expiresOn?: number;
  nextRefreshOn?: number;
  lastError?: { code: ErrorCode; message: string };
}

/** An account as scripts see it. */
export interface EndpointAccount {
  id: string;
  name: string;
  flow: FlowKind;
  authorityLabel: string;
  state: AccountState;
  userId?: string;
  tenantId?: string;
  hasRefreshToken: boolean;
  /** When a sign-in will be needed, where known (UTC epoch ms, and why that day). */
  signInNeededBy?: { at: number; reason: 'provider' | 'inactivity' };
  targets: EndpointTarget[];
}

/** The only answer that carries a token. */
export interface EndpointToken {
  accessToken: string;
  /** UTC epoch ms. */
  expiresOn: number;
  tokenType: 'Bearer';
  tenant?: string;
  accountId: string;
  accountName: string;
  targetId: string;
  /** Whether the target was added for this request (a new scope or resource). */
  acquired: boolean;
}

/** What each channel answers. */
export interface EndpointResponseMap {
  list: EndpointAccount[];
  status: { accounts: EndpointAccount[]; host: { pid: number; platform: string } };
  token: EndpointToken;
  refresh: EndpointAccount;
  'sign-in': EndpointAccount;
}

/** Refusals of the endpoint itself, beside the engine's codes. */
export const ENDPOINT_ERROR_CODES = [
  /** The "Answer the tokendock command" setting is off. */
  'endpoint_disabled',
  /** The caller is not this user. */
  'forbidden',
  /** The account (or target) named matches more than one; `candidates` lists them. */
  'ambiguous',
] as const;
export type EndpointErrorCode = ErrorCode | (typeof ENDPOINT_ERROR_CODES)[number];

/** `ErrorInfo`, with the endpoint's own codes and the candidates of an ambiguous name. */
export interface EndpointErrorInfo extends Omit<ErrorInfo, 'code'> {
  code: EndpointErrorCode;
  candidates?: Array<{ id: string; name: string }>;
  /** The account the refused call was about, when it was found (to say `tokendock sign-in X`). */
  account?: { id: string; name: string };
}

/** The renderer's `Envelope` shape, with the endpoint's error. */
export type EndpointEnvelope<T> = { ok: true; value: T } | { ok: false; error: EndpointErrorInfo };

/** A line the server writes. Progress lines come only before the final envelope of a sign-in. */
export type EndpointLine<T = unknown> =
  | {
      event: 'device-code';
      userCode: string;
      verificationUri: string;
      verificationUriComplete?: string;
      message: string;
      expiresOn: number;
    }
  | { event: 'progress'; step: string }
  | { envelope: EndpointEnvelope<T> };
