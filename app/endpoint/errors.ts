/** Why the local endpoint did not start. */
export type EndpointStartProblem =
  /** The data folder is not this user's alone. */
  | 'insecure_folder'
  /** Another TokenDock process answers on the endpoint. */
  | 'already_running'
  /** Something that is not a socket is where the socket goes. */
  | 'not_a_socket'
  /** The socket's path is longer than the operating system allows (`sun_path`). */
  | 'path_too_long';

/** The local endpoint could not start; the host goes on without it and says why. */
export class EndpointStartError extends Error {
  constructor(
    readonly problem: EndpointStartProblem,
    message: string,
  ) {
    super(message);
    this.name = 'EndpointStartError';
  }
}
