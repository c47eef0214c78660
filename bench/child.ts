import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/**
 * Runs `bench/<script>` in a fresh Node process (TypeScript through tsx, as `npm run bench`) with
 * `args` and extra `env`, and returns the JSON of the last line it printed. Its stderr is ours.
 */
export function runBenchChild<T>(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<T> {
  const child = spawn(
    process.execPath,
    ['--import', './scripts/register-ts.mjs', join('bench', script), ...args],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise<T>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) {
        reject(new Error(`bench/${script} ${args[0] ?? ''} exited with ${String(code)}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`bench/${script} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** Prints a child's result as the one line its parent reads. */
export function reply(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
