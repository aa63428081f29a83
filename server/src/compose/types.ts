import type { PlannedBuild } from '../builds/build-plan.js';

/** One finding about a pasted stack file, placed where the user can see it. */
export interface ComposeIssue {
  message: string;
  /** 1-based line in the pasted text. */
  line: number;
  /** 1-based column in the pasted text. */
  column: number;
  /** Where in the document, e.g. "services.web.deploy.replicas" or "services.web.ports[0]"; "" for the whole file. */
  path: string;
}

export interface ServiceSummary {
  name: string;
  /** The image as written (variables are not substituted), or null when the service names none. */
  image: string | null;
  /** The service's x-otternauts domains, lower-cased. */
  domains: string[];
  /** The port Traefik sends traffic to: x-otternauts.port, or the one port the service exposes. */
  port: number | null;
}

export interface ValidationContext {
  /** Names of stored secrets that can resolve ${VAR}. */
  secretNames: ReadonlySet<string>;
  /** Domain (lower case) -> name of another stack of the cluster that routes it. */
  domainsInUse: ReadonlyMap<string, string>;
  /** Traefik router name -> name of another stack of the cluster that uses it. */
  routersInUse?: ReadonlyMap<string, string>;
  /**
   * Where files beside the Compose file come from. 'none' (the default): a pasted stack, which has
   * no folder, so `env_file` and config/secret `file:` are refused. 'repository': the stack is read
   * from a commit, so they are allowed (the caller resolves each path with resolveInRepository and
   * reads the file from that commit).
   */
  files?: 'none' | 'repository';
  /**
   * How a stack from a repository builds its images (read only when `files` is 'repository'):
   * without one, or without a registry, a service with `build:` is an error.
   */
  builds?: BuildTarget;
}

/** Where and under which name a stack from a repository's images are built. */
export interface BuildTarget {
  /** the stack's registry for builds (its URL: a host, maybe a port and a path), or null when it names none */
  registry: string | null;
  /** the Compose file's repository path: build contexts are relative to its folder */
  composeFile: string;
  /** the full id of the commit the images are built from */
  commit: string;
  /** the stack name in image names (a preview's is its parent's) */
  imageStack: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ComposeIssue[];
  warnings: ComposeIssue[];
  /** The file as Otternauts deploys it (Traefik labels added, x-otternauts removed); only when valid. */
  rendered: string | null;
  services: ServiceSummary[];
  /** The images to build before deploying (a stack from a repository with a registry for builds); empty unless valid. */
  builds: PlannedBuild[];
}
