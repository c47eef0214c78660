import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { EndpointStartError } from './errors';

/**
 * Makes sure the endpoint's folder is this user's alone before a socket is put in it: created
 * 0700 when missing; an existing folder must be a directory owned by this user that neither its
 * group nor others can write (else anyone could replace the socket). Nothing is checked on
 * Windows, where the pipe is not in the folder.
 */
export function prepareDataFolder(directory: string, platform = process.platform): void {
  if (platform === 'win32') return;
  let created = false;
  try {
    statSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    created = true;
  }
  if (created) chmodSync(directory, 0o700);
  const info = statSync(directory);
  if (!info.isDirectory())
    throw new EndpointStartError('insecure_folder', `${directory} is not a folder.`);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid)
    throw new EndpointStartError(
      'insecure_folder',
      `${directory} belongs to another user (uid ${info.uid}); the local endpoint is not started.`,
    );
  if ((info.mode & 0o022) !== 0)
    throw new EndpointStartError(
      'insecure_folder',
      `${directory} can be written by other users (mode ${(info.mode & 0o777).toString(8)}); the local endpoint is not started. Run: chmod go-w '${directory}'`,
    );
}
