import type { ResourceServerInfo } from 'oidc-provider';

import { errors } from './oidc-provider-runtime';
import type { SandboxResource, SandboxResources } from './types';

/** The sandbox's protected resources (RFC 8707 resource indicators). */
export function createResources(): SandboxResources {
  return {
    api: { identifier: 'api://tokendock-sandbox', scopes: ['api.read', 'api.write'] },
    middleTier: { identifier: 'api://tokendock-middle', scopes: ['access_as_user'] },
    downstream: { identifier: 'api://tokendock-downstream', scopes: ['data.read'] },
  };
}

/** Resolves resource indicators and scope names against the sandbox's resources. */
export class ResourceCatalog {
  private readonly all: SandboxResource[];

  constructor(
    readonly resources: SandboxResources,
    private readonly accessTokenTtlSeconds: number,
  ) {
    this.all = [resources.api, resources.middleTier, resources.downstream];
  }

  find(identifier: string): SandboxResource | undefined {
    return this.all.find((resource) => resource.identifier === identifier);
  }

  /**
   * The resource a request means when it names none (RFC 8707 §2 leaves the default to the
   * server): the first resource owning one of the requested scope names, else the api resource.
   * So `scope=access_as_user` alone targets the middle tier, as Entra infers it from the scope.
   */
  defaultFor(scopes: Iterable<string>): string {
    for (const scope of scopes) {
      const owner = this.all.find((resource) => resource.scopes.includes(scope));
      if (owner) return owner.identifier;
    }
    return this.resources.api.identifier;
  }

  /**
   * oidc-provider's `getResourceServerInfo`: JWT access tokens whose audience is the resource
   * identifier (RFC 9068 §3). Unknown resources are `invalid_target` (RFC 8707 §2).
   */
  serverInfo(identifier: string): ResourceServerInfo {
    const resource = this.find(identifier);
    if (!resource) throw new errors.InvalidTarget(`unknown resource ${identifier}`);
    return {
      scope: resource.scopes.join(' '),
      audience: resource.identifier,
      accessTokenFormat: 'jwt',
      accessTokenTTL: this.accessTokenTtlSeconds,
      jwt: { sign: { alg: 'RS256' } },
    };
  }
}
