// The notifications API's shapes as the contract gives them (api/notifications). Switch to the
// generated types of src/lib/api/schema.d.ts once those routes are in it.

export type ChannelKind = 'webhook' | 'slack' | 'discord' | 'ntfy' | 'email';

export interface DeliveryView {
  id: string;
  /** event | incident | resolved | summary | test */
  kind: string;
  title: string;
  /** pending | sent | failed (given up) */
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** the receiver's HTTP status or the SMTP server's reply code */
  responseStatus: number | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ChannelView {
  id: string;
  name: string;
  /** a ChannelKind; typed wider because a newer server may have more */
  kind: string;
  /** what is not secret: the ntfy topic, the SMTP host, port, from, to... */
  settings: Record<string, unknown>;
  /** which secrets are stored; their values are never sent back */
  secretsSet: string[];
  /** the host a URL secret points at, for telling channels apart */
  target: string | null;
  events: string[];
  stacks: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastDelivery?: DeliveryView | null;
}

/** The create answer: a webhook's signing secret is in it once, never again. */
export type CreatedChannel = ChannelView & { signingSecret?: string | null };

export interface ChannelBody {
  name: string;
  kind: ChannelKind;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
  events: string[];
  stacks: string[];
  enabled: boolean;
}
