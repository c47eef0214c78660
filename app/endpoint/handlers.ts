import type { AccountView, TargetView } from '../contract/accounts';
import type {
  EndpointChannel,
  EndpointErrorInfo,
  EndpointLine,
  EndpointPayload,
  EndpointResponseMap,
} from '../contract/endpoint';
import type { EndpointEngine, EndpointSignIn } from './engine-port';
import { select } from './select';
import { endpointAccount } from './views';

/** A token handed out has at least this long left unless the caller asks otherwise (seconds). */
export const DEFAULT_MIN_VALIDITY_SECONDS = 60;

/** A refusal the endpoint decides itself (a name that matches nothing, or several things). */
export class EndpointRefusal extends Error {
  constructor(readonly info: EndpointErrorInfo) {
    super(info.message);
    this.name = 'EndpointRefusal';
  }
}

/** One call being answered. */
export interface Call {
  /** Writes a progress line to the caller (sign-in only). */
  emit: (line: EndpointLine) => void;
  /** Aborted when the caller hangs up or the endpoint closes. */
  signal: AbortSignal;
  /** The account the call is about, once known (for the Activity log, also on failure). */
  account?: { id: string; name: string };
}

/** A handler's answer and what the Activity log says it did (after "<caller> "). */
export interface Answer<C extends EndpointChannel> {
  value: EndpointResponseMap[C];
  did: string;
}

type Handlers = {
  [C in EndpointChannel]: (payload: EndpointPayload<C>, call: Call) => Promise<Answer<C>>;
};

/** The endpoint's channels over the engine. Tokens cross only in `token`'s answer. */
export function endpointHandlers(engine: EndpointEngine, signIn: EndpointSignIn): Handlers {
  const account = (selector: string | undefined, call: Call): AccountView => {
    const chosen = select(engine.listAccounts(), selector, {
      singular: 'account',
      plural: 'accounts',
    });
    if (!chosen.ok) throw new EndpointRefusal(chosen.error);
    call.account = { id: chosen.item.id, name: chosen.item.name };
    return chosen.item;
  };
  const target = (view: AccountView, selector: string | undefined): TargetView => {
    if (view.targets.length === 0)
      throw new EndpointRefusal({
        code: 'not_found',
        message: `${view.name} has no target: add one in TokenDock, or ask with --scope or --resource.`,
      });
    if (selector === undefined) return view.targets[0]!;
    const chosen = select(
      view.targets.map((t) => ({ ...t, name: t.label })),
      selector,
      { singular: `target of ${view.name}`, plural: `targets of ${view.name}` },
    );
    if (!chosen.ok) throw new EndpointRefusal(chosen.error);
    return chosen.item;
  };

  return {
    list: async () => ({
      value: engine.listAccounts().map(endpointAccount),
      did: 'listed the accounts.',
    }),
    status: async () => ({
      value: {
        accounts: engine.listAccounts().map(endpointAccount),
        host: { pid: process.pid, platform: process.platform },
      },
      did: 'asked for the status.',
    }),
    token: async (payload, call) => {
      const view = account(payload.account, call);
      const minValiditySeconds = payload.minValiditySeconds ?? DEFAULT_MIN_VALIDITY_SECONDS;
      let got: { targetId: string; accessToken: string; expiresOn: number };
      let acquired = false;
      if (payload.scopes || payload.resource) {
        const want = {
          ...(payload.scopes ? { scopes: payload.scopes } : {}),
          ...(payload.resource ? { resource: payload.resource } : {}),
        };
        got = await engine.acquireTarget(view.id, want, { minValiditySeconds });
        acquired = !view.targets.some((t) => t.id === got.targetId);
      } else {
        const chosen = target(view, payload.target);
        const token = await engine.getToken(view.id, chosen.id, { minValiditySeconds });
        got = { targetId: chosen.id, ...token };
      }
      const label =
        engine.getAccount(view.id).targets.find((t) => t.id === got.targetId)?.label ??
        got.targetId;
      return {
        value: {
          accessToken: got.accessToken,
          expiresOn: got.expiresOn,
          tokenType: 'Bearer',
          ...(view.identity?.tenantId ? { tenant: view.identity.tenantId } : {}),
          accountId: view.id,
          accountName: view.name,
          targetId: got.targetId,
          acquired,
        },
        did: `got a token for ${view.name} · ${label}${acquired ? ' (a new target, acquired with the refresh token)' : ''}.`,
      };
    },
    refresh: async (payload, call) => {
      const view = account(payload.account, call);
      const targets = payload.target ? [target(view, payload.target)] : view.targets;
      if (targets.length === 0) target(view, undefined);
      // One after another: they spend the account's one rotating refresh token.
      for (const t of targets) await engine.refreshNow(view.id, t.id);
      return {
        value: endpointAccount(engine.getAccount(view.id)),
        did: `refreshed ${view.name}${payload.target ? ` · ${targets[0]!.label}` : ''}.`,
      };
    },
    'sign-in': async (payload, call) => {
      const view = account(payload.account, call);
      const signedIn = await signIn(view.id, {
        signal: call.signal,
        onProgress: (step) => call.emit({ event: 'progress', step }),
        onDeviceCode: (prompt) =>
          call.emit({
            event: 'device-code',
            userCode: prompt.userCode,
            verificationUri: prompt.verificationUri,
            ...(prompt.verificationUriComplete
              ? { verificationUriComplete: prompt.verificationUriComplete }
              : {}),
            message: prompt.message,
            expiresOn: prompt.expiresOn,
          }),
      });
      return { value: endpointAccount(signedIn), did: `signed in ${view.name}.` };
    },
  };
}
