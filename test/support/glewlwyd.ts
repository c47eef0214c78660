import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * Debian's glewlwyd (an OpenID provider in C, nobody on this project wrote it) on 127.0.0.1: a
 * random free port, its own temporary folder, a fresh sqlite database made from the package's own
 * init SQL (which brings the database user and client backends and the `admin` / `password`
 * administrator), a generated config file, and an OIDC plugin with a freshly generated RS256 key.
 * Scopes, users and clients are then created through glewlwyd's admin REST API (docs/API.md),
 * so passwords are hashed by glewlwyd itself. glewlwyd serves its own login web app (a copy of
 * the package's, see `GLEWLWYD_WEBAPP`), where a browser signs in for the authorization code flow.
 */

/** Debian's binary; `TOKENDOCK_GLEWLWYD` points elsewhere (or nowhere, to try the skip). */
export const GLEWLWYD_BINARY = process.env.TOKENDOCK_GLEWLWYD ?? '/usr/bin/glewlwyd';
/** The package's sqlite init script (dbconfig-common's copy of docs/database/init.sqlite3.sql). */
export const GLEWLWYD_INIT_SQL = '/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3';
export const GLEWLWYD_INSTALL_HINT =
  'glewlwyd is not installed: as root, `echo "glewlwyd glewlwyd/config_type select No configuration" | ' +
  'debconf-set-selections && apt-get install -y glewlwyd` (CI does this in .ci/run).';

/** Why glewlwyd cannot run here, or `undefined` when it can. */
export function glewlwydMissing(): string | undefined {
  if (!existsSync(GLEWLWYD_BINARY) || !existsSync(GLEWLWYD_INIT_SQL)) return GLEWLWYD_INSTALL_HINT;
  if (spawnSync('sqlite3', ['-version']).status !== 0) return GLEWLWYD_INSTALL_HINT;
  return undefined;
}

/** The plugin instance name: endpoints are under `/api/<name>/`. */
const PLUGIN = 'oidc';
const ADMIN = { username: 'admin', password: 'password' };

export interface GlewlwydUser {
  username: string;
  password: string;
  name: string;
  email: string;
}

export interface GlewlwydClient {
  client_id: string;
  name?: string;
  confidential: boolean;
  client_secret?: string;
  authorization_type: string[];
  scope: string[];
  redirect_uri?: string[];
  token_endpoint_auth_method?: string[];
  /** A PEM public key, for `private_key_jwt` (the plugin's `client-pubkey-parameter`). */
  pubkey?: string;
}

export interface Glewlwyd {
  /** `http://127.0.0.1:<port>/api/oidc`; discovery is below it. */
  issuer: string;
  tokenEndpoint: string;
  directory: string;
  /** Creates a user (its scopes: `openid` and the API scope). */
  addUser(user: GlewlwydUser, scopes?: string[]): Promise<void>;
  addClient(client: GlewlwydClient): Promise<void>;
  /**
   * The person at the verification page, in plain HTTP: signs in as `user` (glewlwyd's login API),
   * grants the client its scopes, and enters `userCode`. Returns the page glewlwyd sends the
   * browser to (its `prompt` says `deviceComplete` when it worked).
   */
  approveDevice(
    user: GlewlwydUser,
    clientId: string,
    scope: string,
    userCode: string,
  ): Promise<string>;
  /** A raw token request, form-encoded, for checking what glewlwyd itself says. */
  token(params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Everything glewlwyd logged so far. */
  log(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The package's login web app. Its libraries (jQuery, Bootstrap, Popper, Fork Awesome) and its
 * `config.json` are symlinks into other Debian packages and /etc, and glewlwyd's own static file
 * server refuses a file whose real path is outside `static_files_path` (404): Debian serves the
 * app through Apache (`glewlwyd-apache.conf`). So each instance serves a copy with the links
 * followed, from its temporary folder. Debian's `config.json` link leads to a folder
 * (/etc/glewlwyd/config-2.7.json/) that holds the real `config.json`: the copy gets that file.
 */
export const GLEWLWYD_WEBAPP = '/usr/share/glewlwyd/webapp';

async function copyWebapp(to: string): Promise<void> {
  await cp(GLEWLWYD_WEBAPP, to, { recursive: true, dereference: true });
  const configJson = join(to, 'config.json');
  if ((await stat(configJson)).isDirectory()) {
    const text = await readFile(join(configJson, 'config.json'));
    await rm(configJson, { recursive: true });
    await writeFile(configJson, text);
  }
}

function config(port: number, database: string, webapp: string): string {
  // Keys as in glewlwyd.conf.sample; no `use_secure_connection` line at all (2.7.5 refuses
  // `use_secure_connection=false` without certificate files).
  return `port=${port}
bind_address="127.0.0.1"
external_url="http://127.0.0.1:${port}"
login_url="login.html"
api_prefix="api"
static_files_path="${webapp}/"
log_mode="console"
log_level="DEBUG"
cookie_domain="127.0.0.1"
cookie_secure=0
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
login_api_enabled=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
user_middleware_module_path="/usr/lib/glewlwyd/user_middleware"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
hash_algorithm="SHA512"
database =
{
  type = "sqlite3"
  path = "${database}"
};
${STATIC_MIME_TYPES}
`;
}

/**
 * The content types of the login web app's files (as in the package's /etc/glewlwyd/glewlwyd.conf):
 * without them glewlwyd serves `login.html` as application/octet-stream and a browser downloads
 * it instead of showing the login page.
 */
const STATIC_MIME_TYPES = `static_files_mime_types =
(
${[
  ['.html', 'text/html'],
  ['.css', 'text/css'],
  ['.js', 'application/javascript'],
  ['.json', 'application/json'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.ttf', 'font/ttf'],
  ['.woff', 'font/woff'],
  ['.woff2', 'font/woff2'],
  ['.eot', 'application/vnd.ms-fontobject'],
  ['.svg', 'image/svg+xml'],
]
  .map(([extension, type]) => `  { extension = "${extension}" mime_type = "${type}" compress = 0 }`)
  .join(',\n')}
);`;

/** The OIDC plugin's parameters (docs/OIDC.md; names as in glewlwyd's own test suite). */
function pluginParameters(issuer: string, jwks: string): Record<string, unknown> {
  return {
    iss: issuer,
    'jwks-private': jwks,
    'default-kid': 'k1',
    'jwks-show': true,
    'access-token-duration': 3600,
    'refresh-token-duration': 1209600,
    'code-duration': 600,
    'refresh-token-rolling': true,
    // Rotation: each refresh token is good for one use.
    'refresh-token-one-use': 'always',
    'allow-non-oidc': true,
    'auth-type-code-enabled': true,
    'auth-type-token-enabled': false,
    'auth-type-none-enabled': true,
    'auth-type-password-enabled': true,
    'auth-type-client-enabled': true,
    'auth-type-refresh-enabled': true,
    'auth-type-device-enabled': true,
    'device-authorization-expiration': 600,
    'device-authorization-interval': 1,
    'introspection-revocation-allowed': true,
    // Clients may revoke their own tokens with their own credentials (RFC 7009 §2.1).
    'introspection-revocation-allow-target-client': true,
    'pkce-allowed': true,
    'subject-type': 'public',
    // Client assertions (private_key_jwt) are only accepted, and only advertised, with these.
    'request-parameter-allow': true,
    'request-maximum-exp': 3600,
    'client-pubkey-parameter': 'pubkey',
  };
}

export async function startGlewlwyd(options: { apiScope?: string } = {}): Promise<Glewlwyd> {
  const missing = glewlwydMissing();
  if (missing) throw new Error(missing);
  const apiScope = options.apiScope ?? 'api.read';
  const directory = await mkdtemp(join(tmpdir(), 'tokendock-glewlwyd-'));
  const database = join(directory, 'glewlwyd.db');
  const init = spawnSync('sqlite3', [database], { input: await readFile(GLEWLWYD_INIT_SQL) });
  if (init.status !== 0) throw new Error(`sqlite3 init failed: ${String(init.stderr)}`);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const api = `${origin}/api`;
  const issuer = `${api}/${PLUGIN}`;
  const configFile = join(directory, 'glewlwyd.conf');
  const webapp = join(directory, 'webapp');
  await copyWebapp(webapp);
  await writeFile(configFile, config(port, database, webapp));

  let output = '';
  const child: ChildProcess = spawn(GLEWLWYD_BINARY, ['-c', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await rm(directory, { recursive: true, force: true });
  };

  try {
    // Wait until it answers (it starts in well under a second).
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`glewlwyd exited:\n${output}`);
      const up = await fetch(`${api}/auth/scheme/`).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (Date.now() - started > 10_000) throw new Error(`glewlwyd did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    const login = await fetch(`${api}/auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (!login.ok || !cookie) throw new Error(`admin login refused (${login.status})`);
    const admin = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    };

    await admin('POST', '/scope/', {
      name: apiScope,
      display_name: 'TokenDock test API',
      description: 'A scope for the tests',
      password_required: false,
      scheme: {},
    });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
    await admin('POST', '/mod/plugin/', {
      module: 'oidc',
      name: PLUGIN,
      display_name: 'OpenID Connect',
      enabled: true,
      parameters: pluginParameters(issuer, JSON.stringify({ keys: [jwk] })),
    });

    const tokenEndpoint = `${issuer}/token`;
    return {
      issuer,
      tokenEndpoint,
      directory,
      addUser: (user, scopes = ['openid', apiScope]) =>
        admin('POST', '/user/', { ...user, enabled: true, scope: scopes }),
      addClient: (client) =>
        admin('POST', '/client/', {
          name: client.client_id,
          redirect_uri: [],
          ...client,
          enabled: true,
        }),
      approveDevice: async (user, clientId, scope, userCode) => {
        const login = await fetch(`${api}/auth/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: user.username, password: user.password }),
        });
        const session = login.headers.get('set-cookie')?.split(';')[0];
        if (!login.ok || !session)
          throw new Error(`${user.username} cannot sign in (${login.status})`);
        const grant = await fetch(`${api}/auth/grant/${encodeURIComponent(clientId)}`, {
          method: 'PUT',
          headers: { cookie: session, 'content-type': 'application/json' },
          body: JSON.stringify({ scope }),
        });
        if (!grant.ok) throw new Error(`consent refused (${grant.status})`);
        const verify = await fetch(
          `${issuer}/device?code=${encodeURIComponent(userCode)}&g_continue`,
          { headers: { cookie: session }, redirect: 'manual' },
        );
        return verify.headers.get('location') ?? `HTTP ${verify.status}`;
      },
      token: async (params) => {
        const response = await fetch(tokenEndpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params),
        });
        const text = await response.text();
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // glewlwyd answers many refusals with an empty body
        }
        return { status: response.status, body };
      },
      log: () => Promise.resolve(output),
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
