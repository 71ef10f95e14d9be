import path from 'node:path';

/** Configuration comes from the environment only (README lists every variable). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** A streaming replica lists, search and reports read from (issue 8); writes stay on DATABASE_URL. */
  databaseReplicaUrl: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  sweepSeconds: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const sweep = Number(env.QINGTING_SWEEP_SECONDS ?? 10);
  if (!(sweep > 0 && sweep <= 3600)) throw new Error(`QINGTING_SWEEP_SECONDS must be between 0 and 3600, got ${env.QINGTING_SWEEP_SECONDS}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.QINGTING_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
    adminPassword: env.QINGTING_ADMIN_PASSWORD || undefined,
    demo: (env.QINGTING_DEMO ?? '1') !== '0',
    sweepSeconds: sweep,
  };
}
