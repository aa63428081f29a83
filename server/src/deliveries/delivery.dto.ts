import { ApiProperty } from '@nestjs/swagger';

const SOURCES = ['github', 'gitlab', 'gitea', 'forgejo', 'generic', 'poll', 'ttl'];
const DECISIONS = ['queued', 'deploying', 'deployed', 'removed', 'ignored', 'duplicate', 'superseded', 'rejected', 'failed'];
const PROVIDERS = ['github', 'gitlab', 'gitea', 'forgejo', 'generic'];

export class DeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'when it arrived (or when the poll saw it)' }) at: Date;
  @ApiProperty({ enum: SOURCES }) source: string;
  @ApiProperty({ type: String, nullable: true, description: "the provider's event: push, ping, tag_push...; poll for polls" })
  event: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the provider's delivery id (a redelivery repeats it)" })
  deliveryId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'refs/heads/main' }) ref: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the full commit id' }) commit: string | null;
  @ApiProperty({ enum: ['valid', 'invalid', 'missing', 'none'] }) signature: string;
  @ApiProperty({ enum: DECISIONS }) decision: string;
  @ApiProperty({ example: 'ignored: pushed to dev, this stack follows main' }) reason: string;
  @ApiProperty({ type: String, nullable: true }) deploymentId: string | null;
  @ApiProperty({ type: Number, nullable: true }) version: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "a pull/merge request's number; null for pushes and polls" })
  pullRequest: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['open', 'update', 'close'],
    description: 'what the request event asks of its preview',
  })
  action: string | null;
}

export class WebhookSetupDto {
  @ApiProperty({ enum: PROVIDERS }) provider: string;
  @ApiProperty({ example: 'GitHub' }) title: string;
  @ApiProperty({ type: [String] }) steps: string[];
}

export class StackWebhookDto {
  @ApiProperty({ type: String, nullable: true, description: 'absolute; null until a webhook is made (POST)' }) url: string | null;
  @ApiProperty({ description: 'a webhook and its secret exist' }) configured: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why a Git host may not reach this URL, and what covers it' })
  reachableHint: string | null;
  @ApiProperty({ type: [WebhookSetupDto] }) providers: WebhookSetupDto[];
}

export class WebhookSecretDto {
  @ApiProperty() url: string;
  @ApiProperty({ description: 'shown this once: Mission Control keeps it sealed and never shows it again' }) secret: string;
}

export class HookAnswerDto {
  @ApiProperty({ enum: DECISIONS }) decision: string;
  @ApiProperty({ example: 'queued: deploying 4f2a9c1 from main' }) reason: string;
  @ApiProperty({ type: String, nullable: true, description: "the delivery's id in Mission Control (GET /api/stacks/{id}/deliveries)" })
  deliveryId: string | null;
}
