/** One job of this kind per parent stack works off its pull/merge request deliveries. */
export const PREVIEW_JOB = 'stack.preview';
