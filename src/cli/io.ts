/** Where a command writes and reads; the terminal, or buffers when a server runs it for a remote CLI. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** All of standard input (passwords are read from it, never from arguments). */
  readStdin(): Promise<string>;
}

export function terminalIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export function bufferIo(stdin: string): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    readStdin: async () => stdin,
  };
}
