/** A command ends with this exit code after saying why on stderr. */
export class CommandFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}
