export type { ComposeIssue, ServiceSummary, ValidationContext, ValidationResult } from './types.js';
export { validateStackName } from './stack-name.js';
export { validateStack } from './validate-stack.js';
export { resolveSecrets } from './resolve-secrets.js';
export { unifiedDiff } from './unified-diff.js';
export { routerName, TRAEFIK_NETWORK } from './traefik-labels.js';
