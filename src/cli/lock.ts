import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.ts';

/**
 * The embedded store admits one process. Whoever opens it (server or CLI) holds `ordo.lock` in the
 * data dir; a CLI that finds a live server's lock sends its command through that server instead.
 */
export interface LockInfo {
  pid: number;
  holder: 'server' | 'cli';
  /** Set by a server once it listens: where to forward CLI commands, and the shared secret. */
  url?: string;
  token?: string;
}

export const lockPath = (dataDir: string) => path.join(dataDir, 'ordo.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The current holder, or undefined when the lock is free or left behind by a dead process. */
export function readLock(dataDir: string): LockInfo | undefined {
  const file = lockPath(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    return info.pid !== process.pid && isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function acquireLock(dataDir: string, holder: LockInfo['holder']): void {
  const current = readLock(dataDir);
  if (current)
    throw new AppError(
      'conflict',
      'STORE_IN_USE',
      `The data dir ${dataDir} is in use by ${current.holder === 'server' ? 'a running server' : 'another ordo command'} (pid ${current.pid}).`,
    );
  writeLock(dataDir, { pid: process.pid, holder });
}

export function writeLock(dataDir: string, info: LockInfo): void {
  mkdirSync(dataDir, { recursive: true });
  // Owner-only: the token lets a local CLI act through the server.
  writeFileSync(lockPath(dataDir), JSON.stringify(info), { mode: 0o600 });
}

export function releaseLock(dataDir: string): void {
  const file = lockPath(dataDir);
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    if (info.pid === process.pid) rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}
