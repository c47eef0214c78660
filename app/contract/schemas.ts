import { z } from 'zod';
import { ASSERTION_AUDIENCES, FLOW_KINDS, SECRET_METHOD_CHOICES } from './accounts';
import { CLIENT_CAPABILITIES } from './claims-challenge';
import { ENTRA_CLOUD_NAMES } from './authority';
import { MAX_REFRESH_TOKEN_LENGTH } from './flow-rules';
import { COPY_FORMATS } from './tokens';
import { checkAccelerator, MAX_ACCELERATOR_LENGTH } from './shortcut';

/**
 * Runtime validators of everything the renderer may send. Objects are strict (an unknown field
 * is an error), strings and lists have upper bounds, so a malformed or hostile payload is
 * refused before the engine sees it.
 */

const MAX_TEXT = 2_048;
const MAX_PEM = 32_768;

export const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w-]+$/);
const text = (max = MAX_TEXT) => z.string().max(max);
const nonEmpty = (max = MAX_TEXT) => z.string().trim().min(1).max(max);

export const targetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('scopes'), scopes: z.array(text(512)).max(50) }),
  z.strictObject({
    kind: z.literal('resource'),
    resource: text(),
    scopes: z.array(text(512)).max(50).optional(),
  }),
]);

export const storedAuthoritySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('entra'),
    tenant: text(256),
    cloud: z.enum(ENTRA_CLOUD_NAMES),
    version: z.enum(['v1', 'v2']),
  }),
  z.strictObject({ kind: z.literal('oidc'), issuer: text() }),
  z.strictObject({ kind: z.literal('sandbox') }),
]);

export const clientAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('secret'),
    method: z.enum(SECRET_METHOD_CHOICES),
  }),
  z.strictObject({
    kind: z.literal('certificate'),
    certificatePem: text(MAX_PEM).optional(),
    thumbprintSha1Hex: text(128).optional(),
    algorithm: z.enum(['RS256', 'PS256']),
    audience: z.enum(ASSERTION_AUDIENCES).optional(),
    sendChain: z.boolean().optional(),
  }),
]);

export const accountInputSchema = z.strictObject({
  name: text(256),
  authority: storedAuthoritySchema,
  flow: z.enum(FLOW_KINDS),
  clientId: text(256),
  clientAuth: clientAuthSchema,
  clientSecret: text(1_024).optional(),
  certificateKeyPem: text(MAX_PEM).optional(),
  signInMode: z.enum(['embedded', 'system-browser']).optional(),
  redirectUri: text().optional(),
  username: text(256).optional(),
  assertionFrom: z.strictObject({ accountId: idSchema, targetId: idSchema }).optional(),
  targets: z
    .array(
      z.strictObject({
        id: idSchema.optional(),
        label: text(120),
        target: targetSchema,
        curlUrl: text().optional(),
      }),
    )
    .max(50),
  clientCapabilities: z
    .array(z.enum(CLIENT_CAPABILITIES))
    .max(CLIENT_CAPABILITIES.length)
    .optional(),
  refreshToken: text(MAX_REFRESH_TOKEN_LENGTH + 1_024).optional(),
});

export const settingsPatchSchema = z.strictObject({
  leadTimeMinutes: z
    .number()
    .min(0)
    .max(24 * 60)
    .optional(),
  leadTimeFraction: z.number().min(0).max(0.9).optional(),
  clipboardClearSeconds: z.number().int().min(0).max(3_600).optional(),
  refreshConcurrency: z.number().int().min(1).max(32).optional(),
  persistUnprotectedSecrets: z.boolean().optional(),
  closeToTray: z.boolean().optional(),
  startAtLogin: z.boolean().optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  localEndpoint: z.boolean().optional(),
  globalShortcutEnabled: z.boolean().optional(),
  globalShortcut: z
    .string()
    .max(MAX_ACCELERATOR_LENGTH)
    .refine((value) => checkAccelerator(value).ok, { message: 'Not a shortcut Electron accepts' })
    .optional(),
  signInWarningDays: z.number().int().min(0).max(60).optional(),
});

const none = z.strictObject({});
const account = z.strictObject({ accountId: idSchema });
const target = z.strictObject({ accountId: idSchema, targetId: idSchema });

/** The request validator of every channel. */
export const REQUEST_SCHEMAS = {
  'app:info': none,
  'accounts:list': none,
  'accounts:add': z.strictObject({ input: accountInputSchema }),
  'accounts:update': z.strictObject({ accountId: idSchema, input: accountInputSchema }),
  'accounts:rename': z.strictObject({ accountId: idSchema, name: nonEmpty(256) }),
  'accounts:duplicate': account,
  'accounts:remove': account,
  'accounts:sign-in': z.strictObject({ accountId: idSchema, password: text(1_024).optional() }),
  'accounts:cancel-sign-in': account,
  'tokens:copy': z.strictObject({
    accountId: idSchema,
    targetId: idSchema,
    format: z.enum(COPY_FORMATS),
  }),
  'tokens:refresh': target,
  /** The URL "Copy as curl" calls for a target (http or https, checked by the engine). */
  'targets:set-curl-url': z.strictObject({
    accountId: idSchema,
    targetId: idSchema,
    url: nonEmpty(2_048),
  }),
  'targets:curl-url-guess': target,
  'tokens:refresh-all': none,
  'tokens:reveal': target,
  'tokens:decode': z.strictObject({
    accountId: idSchema,
    targetId: idSchema,
    which: z.enum(['access', 'id']),
  }),
  'settings:get': none,
  'settings:update': z.strictObject({ patch: settingsPatchSchema }),
  'storage:protection': none,
  'activity:list': none,
  'authority:check': z.strictObject({ authority: storedAuthoritySchema }),
  /** `reset`: the demo accounts there are removed first (else they are refused as duplicates). */
  'sandbox:try': z.strictObject({ reset: z.boolean().optional() }),
  'sandbox:details': none,
  'device-code:open': z.strictObject({
    accountId: idSchema,
    browser: z.enum(['embedded', 'system']),
  }),
  'proxy-login:pending': none,
  /** The person's answer to a proxy's request for credentials (the password is not kept). */
  'proxy-login:answer': z.discriminatedUnion('answer', [
    z.strictObject({
      id: idSchema,
      answer: z.literal('credentials'),
      username: text(512).min(1),
      password: text(1_024),
    }),
    z.strictObject({ id: idSchema, answer: z.literal('cancel') }),
  ]),
} as const;

export type Channel = keyof typeof REQUEST_SCHEMAS;
export type RequestOf<C extends Channel> = z.infer<(typeof REQUEST_SCHEMAS)[C]>;

/** Every channel name, for allowlists. */
export const CHANNELS = Object.keys(REQUEST_SCHEMAS) as Channel[];
