import type { paths } from '#lib/api/schema.d.ts';

// Shapes read off the routes themselves rather than DTO class names, so a renamed class on
// the server changes nothing here (regenerate: npm -w web run api:generate).
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Answer<Op> = Op extends { responses: infer Rs } ? Json<Rs[Extract<keyof Rs, 200 | 201 | 202>]> : never;
type Body<Op> = Op extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

export type Repository = Answer<paths['/api/repositories/{id}']['get']>;
export type RepositoryScan = Answer<paths['/api/repositories/scan']['post']>;
export type CreateRepositoryBody = Body<paths['/api/repositories']['post']>;
export type RepositoryCheck = Answer<paths['/api/repositories/{id}/check']['post']>;
export type RepositoryFiles = Answer<paths['/api/repositories/{id}/files']['get']>;
export type SetupSteps = Repository['deployKeySetup'][number];
export type Stack = Answer<paths['/api/stacks/{id}']['get']>;
export type StackSource = NonNullable<Stack['source']>;
export type Commit = NonNullable<Stack['commit']>;
export type Validation = Answer<paths['/api/stacks/validate']['post']>;
export type Delivery = Answer<paths['/api/stacks/{id}/deliveries']['get']>[number];
export type Webhook = Answer<paths['/api/stacks/{id}/webhook']['get']>;
export type WebhookSecret = Answer<paths['/api/stacks/{id}/webhook']['post']>;
