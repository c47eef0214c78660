import type * as OidcProviderModule from 'oidc-provider';

/**
 * The one place that loads `oidc-provider` at run time. On Node 20 the package prints
 * "Unsupported runtime, use Node 22" while it loads (harmless here, see STACK.md); that exact
 * line is filtered out of `console.warn` for the duration of the import and nothing else is.
 * Other sandbox files import oidc-provider's types only, so this import runs first.
 */
async function importQuietly(): Promise<typeof OidcProviderModule> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const [first] = args;
    if (typeof first === 'string' && first.includes('oidc-provider WARNING: Unsupported runtime')) {
      return;
    }
    original.apply(console, args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = original;
  }
}

const oidcProvider = await importQuietly();

export const Provider = oidcProvider.Provider;
export const errors = oidcProvider.errors;
