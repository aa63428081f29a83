import type { Stack } from '../generated/prisma/client.js';
import type { StackPreviewOfDto } from './stack.dto.js';

/** A preview stack's request as the API shows it; null for every other stack. */
export function previewOf(stack: Stack, parent: Pick<Stack, 'id' | 'name'> | null, ttlSeconds: number): StackPreviewOfDto | null {
  if (!stack.parentStackId || !parent || stack.previewNumber === null) return null;
  return {
    parentId: parent.id,
    parentName: parent.name,
    number: stack.previewNumber,
    title: stack.previewTitle,
    branch: stack.previewBranch,
    headSha: stack.previewHeadSha,
    fork: stack.previewFork,
    activeAt: stack.previewActiveAt,
    expiresAt: stack.previewActiveAt ? new Date(stack.previewActiveAt.getTime() + ttlSeconds * 1000) : null,
  };
}
