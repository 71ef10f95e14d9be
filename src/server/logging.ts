import type { FastifyRequest } from 'fastify';
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';

/** A URL as logged: the path and the names of its query parameters, never their values, since searches carry
 * phone digits and names (personal information that has no place in an access log). */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = new URLSearchParams(url.slice(q + 1)).keys();
  return `${url.slice(0, q)}?${[...new Set(names)].map((n) => `${n}=…`).join('&')}`;
}

/**
 * The JSON logger of `serve` and `worker` (pino, one object per line): ISO times, and requests logged with
 * method, redacted URL, host and address; no headers (they carry tokens and cookies).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    name: 'qingting',
    level,
    timestamp: stdTimeFunctions.isoTime,
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: loggedUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
