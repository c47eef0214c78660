import { IncomingMessage } from 'node:http';

/** Bodies larger than this are refused (oidc-provider itself stops at 56 KiB). */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** Thrown by `readBody` when a body passes `BODY_LIMIT_BYTES`. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body over ${BODY_LIMIT_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a whole request body, up to `BODY_LIMIT_BYTES`. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > BODY_LIMIT_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

/** An `application/x-www-form-urlencoded` body (HTML §4.10.21.7) as URLSearchParams. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req)).toString('utf8'));
}

/**
 * A stand-in for a request whose body was already read: same method, URL, headers and socket,
 * with the buffered body to read again. oidc-provider then parses the body itself, exactly as
 * from the original request (no "already parsed request body" warning).
 */
export function replayRequest(original: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(original.socket);
  replay.method = original.method;
  replay.url = original.url;
  replay.headers = original.headers;
  replay.rawHeaders = original.rawHeaders;
  replay.httpVersion = original.httpVersion;
  replay.httpVersionMajor = original.httpVersionMajor;
  replay.httpVersionMinor = original.httpVersionMinor;
  // Complete: destroying the replay after it is read must never touch the shared socket.
  replay.complete = true;
  if (body.length > 0) replay.push(body);
  replay.push(null);
  return replay;
}
