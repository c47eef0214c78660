import type { Socket } from 'node:net';

/** What came in on a connection before its first newline. */
export type FirstLine =
  | { kind: 'line'; text: string }
  /** More than `maxBytes` arrived without a newline: the rest is not read. */
  | { kind: 'too-large' }
  /** No newline within `timeoutMs`. */
  | { kind: 'timeout' }
  /** The client closed (or broke) the connection first. */
  | { kind: 'closed' };

/**
 * Reads one request line (newline-delimited JSON; the end of the client's stream ends it too),
 * at most `maxBytes` including the newline,
 * waiting at most `timeoutMs`. Stops reading as soon as it has decided; decodes UTF-8 once at the
 * end so a character split across packets is kept whole.
 */
export function readFirstLine(
  socket: Socket,
  { maxBytes, timeoutMs }: { maxBytes: number; timeoutMs: number },
): Promise<FirstLine> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: FirstLine) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onClosed);
      socket.off('error', onClosed);
      socket.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      const newline = chunk.indexOf(0x0a);
      const take = newline === -1 ? chunk.length : newline + 1;
      if (size + take > maxBytes) return finish({ kind: 'too-large' });
      chunks.push(newline === -1 ? chunk : chunk.subarray(0, newline));
      size += take;
      if (newline !== -1) finish({ kind: 'line', text: Buffer.concat(chunks).toString('utf8') });
    };
    const onClosed = () => finish({ kind: 'closed' });
    // A client that half-closes after its request without a newline still gets an answer.
    const onEnd = () =>
      finish(
        size > 0
          ? { kind: 'line', text: Buffer.concat(chunks).toString('utf8') }
          : { kind: 'closed' },
      );
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onClosed);
    socket.once('error', onClosed);
  });
}
