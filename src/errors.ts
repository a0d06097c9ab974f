/**
 * A problem that stops the run: bad flag, bad config, unusable directory. The CLI prints its
 * message on one line (no stack) and exits 2.
 */
export class FatalError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'FatalError';
  }
}
