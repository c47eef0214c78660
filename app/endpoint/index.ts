/**
 * The local endpoint: what the `tokendock` command talks to. Hosts call `startLocalEndpoint`;
 * the command imports only `socket-path.ts` and the contract's types.
 */
export { startLocalEndpoint, type LocalEndpoint, type LocalEndpointOptions } from './server';
export type { EndpointEngine, EndpointSignIn, EndpointSignInHooks } from './engine-port';
export { EndpointStartError, type EndpointStartProblem } from './errors';
export { DEFAULT_MIN_VALIDITY_SECONDS } from './handlers';
export {
  candidateSockets,
  desktopDataDirectory,
  endpointPath,
  serveDataDirectory,
} from './socket-path';
