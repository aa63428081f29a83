import type { FastifyReply } from 'fastify';

/** Why the HTTP guard turned a request away, before any route ran. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** The same error body the exception filter writes, for refusals made in hooks. */
export function sendRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  for (const [name, value] of Object.entries(refusal.headers ?? {})) reply.header(name, value);
  return reply
    .status(refusal.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ error: { code: refusal.code, message: refusal.message, details: [] } });
}

/** Quotes a header value a client sent, short enough for a message. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}
