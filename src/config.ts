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
  /** pino level for the JSON logs of `serve` and `worker` (LOG_LEVEL: fatal…trace, or silent). */
  logLevel: string;
  /** When set, /metrics needs `Authorization: Bearer <token>`; otherwise only this machine may read it. */
  metricsToken: string | undefined;
  /** The address users reach the app at (QINGTING_PUBLIC_URL); https makes the session cookie Secure. */
  publicUrl: string | undefined;
  /** Which X-Forwarded-For hops to believe for the client's address (QINGTING_TRUST_PROXY): a proxy on this machine (default), all, none,
   * a number of hops, or a list of proxy addresses. Sign-in throttling per address depends on it. */
  trustProxy: boolean | number | string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const sweep = Number(env.QINGTING_SWEEP_SECONDS ?? 10);
  if (!(sweep > 0 && sweep <= 3600)) throw new Error(`QINGTING_SWEEP_SECONDS must be between 0 and 3600, got ${env.QINGTING_SWEEP_SECONDS}`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${logLevel}`);
  const publicUrl = env.QINGTING_PUBLIC_URL || undefined;
  if (publicUrl && !/^https?:\/\/[^/\s]+/i.test(publicUrl)) throw new Error(`QINGTING_PUBLIC_URL must be an http(s) URL, got ${publicUrl}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.QINGTING_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
    adminPassword: env.QINGTING_ADMIN_PASSWORD || undefined,
    // The demo organisation loads by default only on the embedded database; on an external one only when asked.
    demo: env.QINGTING_DEMO ? env.QINGTING_DEMO !== '0' : !env.DATABASE_URL,
    sweepSeconds: sweep,
    logLevel,
    metricsToken: env.QINGTING_METRICS_TOKEN || undefined,
    publicUrl,
    trustProxy: trustProxyOf(env.QINGTING_TRUST_PROXY),
  };
}

function trustProxyOf(v: string | undefined): boolean | number | string {
  // By default only a proxy on this machine (nginx in front of the app) may say who the client is.
  if (!v) return 'loopback';
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  if (/^hops:\d+$/.test(v)) return Number(v.slice(5));
  return v;
}
