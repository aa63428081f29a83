/** Validators shared by DTOs: one place for the shapes of names users type. */

/** A `${NAME}` reference in a Compose file: what Docker's interpolation accepts. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const SECRET_NAME_MESSAGE = 'must start with a letter or _ and hold only letters, digits and _ (it is used as ${NAME})';

/** A registry host, optionally with a port and path: ghcr.io, registry.example.com:5000, docker.io. */
export const REGISTRY_URL = /^(?:https?:\/\/)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:\/[A-Za-z0-9._/-]*)?$/;
export const REGISTRY_URL_MESSAGE = 'must be a registry host such as ghcr.io or registry.example.com:5000';
