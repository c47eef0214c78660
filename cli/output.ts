/** Where the command writes: stdout for what was asked for, stderr for everything else. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** The process's streams. */
export const processOutput: Output = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
