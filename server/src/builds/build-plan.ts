/**
 * What a service's `build:` asks for, read from a Git stack's Compose file: where the context
 * is in the repository, and how to build it. Stored with each Build (Build.spec, JSON).
 */
export interface BuildSpec {
  /** the context folder, a repository path ('' is the root), normalised, never leaving the repository */
  context: string;
  /** the Dockerfile's path inside the context (Dockerfile when not given) */
  dockerfile: string;
  /** build arguments, as written (literal text: secret references are refused) */
  args: Record<string, string>;
  /** the stage to build (--target); null: the last one */
  target: string | null;
}

/** One image a deployment will build: the service, the tag it gets, and how. */
export interface PlannedBuild {
  service: string;
  /** <registry>/<stack>/<service>:<commit sha>; previews use their parent stack's name */
  image: string;
  spec: BuildSpec;
}
