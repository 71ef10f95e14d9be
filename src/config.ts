import path from 'node:path';

/** Configuration comes from the environment only (README lists every variable). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  sweepSeconds: number;
  /** pino level for the JSON logs of `serve` and `worker` (LOG_LEVEL: fatal…trace, or silent). */
  logLevel: string;
  /** When set, /metrics needs `Authorization: Bearer <token>`; otherwise only this machine may read it. */
  metricsToken: string | undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const sweep = Number(env.QINGTING_SWEEP_SECONDS ?? 10);
  if (!(sweep > 0 && sweep <= 3600)) throw new Error(`QINGTING_SWEEP_SECONDS must be between 0 and 3600, got ${env.QINGTING_SWEEP_SECONDS}`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${logLevel}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.QINGTING_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.QINGTING_ADMIN_PASSWORD || undefined,
    demo: (env.QINGTING_DEMO ?? '1') !== '0',
    sweepSeconds: sweep,
    logLevel,
    metricsToken: env.QINGTING_METRICS_TOKEN || undefined,
  };
}
