import pino, { type Logger } from 'pino';

/**
 * Field names whose values are secrets wherever they appear in a log object. pino's
 * redaction works on paths, so each name is listed at the depths we log objects.
 */
const SECRET_FIELDS = [
  'privateKey',
  'passphrase',
  'password',
  'token',
  'adminToken',
  'secretKey',
  'value',
  'authorization',
  'sshPrivateKey',
  'sshPassphrase',
  'joinToken',
];

export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]).concat([
  'req.headers.authorization',
  'req.headers.cookie',
]);

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'mission-control' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
