import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** When the process started (Linux: clock ticks since boot), so a pid reused by another process is told apart. */
function startTime(pid: number): string | undefined {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count from its closing ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined; // no such process, or no /proc
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `<dataDir>/qingting.pid` for this process: one process owns an embedded server, because a second one
 * would take it over (stop it and start its own) while the first one's supervisor restarted it, for ever.
 * A lock whose process is gone (killed with -9) is taken over; a live owner makes start-up fail with what to do.
 * Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'qingting.pid');
  if (existsSync(file)) {
    const [pidText, started] = (await readFile(file, 'utf8')).trim().split(' ');
    const pid = Number(pidText);
    const sameProcess = Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) && (started === undefined || startTime(pid) === undefined || startTime(pid) === started);
    if (sameProcess) {
      throw new Error(
        `another Qingting process (pid ${pid}) runs the embedded PostgreSQL in ${dataDir}. Stop it first, or, to run several ` +
          `processes on one database, point them all at one PostgreSQL with DATABASE_URL (or give each its own QINGTING_DATA_DIR). ` +
          `If no such process runs, delete ${file}.`,
      );
    }
  }
  const mine = `${process.pid} ${startTime(process.pid) ?? ''}`.trim();
  await writeFile(file, mine + '\n');
  return async () => {
    // Only our own lock: a process that took over a stale one must keep it.
    if (existsSync(file) && (await readFile(file, 'utf8')).trim() === mine) await rm(file, { force: true });
  };
}
