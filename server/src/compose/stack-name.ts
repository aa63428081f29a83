/** The longest stack name: Docker names services "<stack>_<service>", and service names are DNS labels (63 characters). */
export const MAX_STACK_NAME_LENGTH = 63;

/** Null when the name can be a Docker stack name, otherwise the reason in plain words. */
export function validateStackName(name: string): string | null {
  if (name === '') return 'Give the stack a name.';
  if (name.length > MAX_STACK_NAME_LENGTH) {
    return `A stack name can be at most ${MAX_STACK_NAME_LENGTH} characters long (this one has ${name.length}): Docker puts it in front of every service name, and those must fit in a DNS label.`;
  }
  if (/\s/.test(name)) return 'A stack name cannot contain spaces: use - or _ between words.';
  if (/[A-Z]/.test(name)) return `A stack name uses lower-case letters only: try "${name.toLowerCase()}".`;
  const other = /[^a-z0-9_-]/.exec(name);
  if (other) return `A stack name may contain only lower-case letters, digits, - and _ (not "${other[0]}").`;
  if (!/^[a-z0-9]/.test(name)) return 'A stack name must start with a letter or a digit.';
  return null;
}
