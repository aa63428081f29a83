// Shapes read off the routes in schema.d.ts rather than DTO class names, so a renamed class on
// the server changes nothing in the dashboard (regenerate: npm -w web run api:generate).
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON a route answers with on success (200, 201 or 202). */
export type Answer<Op> = Op extends { responses: infer Rs } ? Json<Rs[Extract<keyof Rs, 200 | 201 | 202>]> : never;

/** The JSON body a route takes. */
export type Body<Op> = Op extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
