import type { Answer, Body } from '#lib/api/route-types.ts';
import type { paths } from '#lib/api/schema.d.ts';

export type Preview = Answer<paths['/api/stacks/{id}/previews']['get']>[number];
export type PreviewSettings = Answer<paths['/api/stacks/{id}/previews/settings']['get']>;
export type PreviewSettingsBody = Body<paths['/api/stacks/{id}/previews/settings']['put']>;
export type PreviewSecret = Answer<paths['/api/stacks/{id}/previews/secrets']['get']>[number];
export type PreviewSecretBody = Body<paths['/api/stacks/{id}/previews/secrets/{name}']['put']>;
export type StackSummary = Answer<paths['/api/stacks']['get']>[number];
export type PreviewOf = NonNullable<StackSummary['preview']>;
