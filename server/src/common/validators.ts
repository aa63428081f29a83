/** Validators shared by DTOs: one place for the shapes of names users type. */

/** A `${NAME}` reference in a Compose file: what Docker's interpolation accepts. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const SECRET_NAME_MESSAGE = 'must start with a letter or _ and hold only letters, digits and _ (it is used as ${NAME})';

/** A registry host, optionally with a port and path: ghcr.io, registry.example.com:5000, docker.io. */
export const REGISTRY_URL = /^(?:https?:\/\/)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:\/[A-Za-z0-9._/-]*)?$/;
export const REGISTRY_URL_MESSAGE = 'must be a registry host such as ghcr.io or registry.example.com:5000';

/** A DNS name or an IPv4/IPv6 address, as users type it for a server. */
export const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]+)$/;
export const HOST_MESSAGE = 'must be a hostname or an IP address, without user, port or scheme';

export const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/;
export const SERVER_NAME_MESSAGE = 'must be 1-63 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit';

/** Login names as useradd accepts them by default (Debian/Ubuntu NAME_REGEX). */
export const UNIX_USER = /^[a-z_][a-z0-9_-]{0,31}$/;
export const UNIX_USER_MESSAGE = 'must be a Unix login name such as root or deploy';

/** OpenSSH's form, as `ssh-keygen -lf` prints it. */
export const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
export const FINGERPRINT_MESSAGE = 'must be a SHA256 fingerprint as ssh-keygen -lf prints it (SHA256: followed by 43 characters)';

/**
 * Names of services, networks, configs and secrets as they go into docker commands. Docker's
 * own rule is `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; starting with a letter or digit also stops option
 * injection (`--help` read as a flag), and the 63-character cap keeps stack-prefixed service
 * names usable as DNS labels on the overlay network.
 */
export const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;
