import type { paths } from '#lib/api/schema.d.ts';

// Shapes read off the notifications routes in schema.d.ts (regenerate: npm -w web run api:generate).
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Answer<Op> = Op extends { responses: infer Rs } ? Json<Rs[Extract<keyof Rs, 200 | 201>]> : never;
type Body<Op> = Op extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

export type ChannelView = Answer<paths['/api/notifications/channels/{id}']['get']>;
/** The create answer: a webhook's generated signing secret is in it once, never again. */
export type CreatedChannel = Answer<paths['/api/notifications/channels']['post']>;
export type DeliveryView = Answer<paths['/api/notifications/channels/{id}/deliveries']['get']>[number];
export type ChannelKind = ChannelView['kind'];

/** What the form sends: the create body with every part given (PUT takes the same). */
export type ChannelBody = Required<Body<paths['/api/notifications/channels']['post']>> & {
  kind: ChannelKind;
  /** a value replaces the stored secret, null removes an optional one, absent keeps it */
  secrets: Record<string, string | null>;
};
