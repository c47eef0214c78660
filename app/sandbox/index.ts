/**
 * The sandbox: a real local OpenID provider (panva's oidc-provider) on 127.0.0.1 for trying every
 * flow offline and for all tests. See `startSandbox`.
 */
export { startSandbox } from './start';
export { formatSandboxSummary } from './summary';
export type { SandboxSummaryFiles } from './summary';
export type {
  FaultKind,
  FaultSpec,
  SandboxClients,
  SandboxFaults,
  SandboxOptions,
  SandboxProvider,
  SandboxResource,
  SandboxResources,
  SandboxUser,
  TokenRequestRecord,
} from './types';
