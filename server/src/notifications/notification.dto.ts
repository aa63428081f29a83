import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CHANNEL_KINDS } from './channel-config.js';

/** What a user calls a channel: shown in lists, in the test message and in delivery results. */
export const CHANNEL_NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N} ._#@()-]{0,61}[\p{L}\p{N}._#@()-])?$/u;
const CHANNEL_NAME_MESSAGE = 'must be 1-63 letters, digits, spaces or . _ # @ ( ) -, starting with a letter or digit';

/**
 * A channel's optional list of event kinds or stack ids, on create and update alike: at most
 * `maxItems` strings of at most 64 characters, so one request cannot make the filter unbounded.
 */
function OptionalShortStrings(maxItems: number): PropertyDecorator {
  // Written in reading order; reversed so they register bottom-up, as stacked decorators do
  // (the order their messages come back in).
  return applyDecorators(
    ...[IsOptional(), IsArray(), ArrayMaxSize(maxItems), IsString({ each: true }), MaxLength(64, { each: true })].reverse(),
  );
}

const DELIVERY_KINDS = ['event', 'incident', 'resolved', 'summary', 'test'];
const DELIVERY_STATUSES = ['pending', 'sent', 'failed'];

const SETTINGS_DOC =
  'webhook, slack, discord: {}; ntfy: { server (default https://ntfy.sh), topic }; ' +
  "email: { host, port (default 465 tls, 587 starttls, 25 none), security: 'tls'|'starttls'|'none', username?, from, to: string[] }";
const SECRETS_DOC =
  'write-only, stored sealed in the vault. webhook: { url, signingSecret? (generated when missing) }; slack, discord: { url }; ' +
  'ntfy: { token? }; email: { password? }. On update a missing secret is kept, null removes an optional one.';
const EVENTS_DOC = 'event kinds (GET /api/events/kinds); [] means every warning and error, their resolutions, and failed deploys';

export class CreateChannelDto {
  @ApiProperty({ example: 'ops webhook' })
  @IsString()
  @Matches(CHANNEL_NAME, { message: CHANNEL_NAME_MESSAGE })
  name: string;

  @ApiProperty({ enum: CHANNEL_KINDS })
  @IsIn(CHANNEL_KINDS)
  kind: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: SETTINGS_DOC })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: SECRETS_DOC, writeOnly: true })
  @IsOptional()
  @IsObject()
  secrets?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], description: EVENTS_DOC, example: ['deploy.failed', 'service.degraded', 'service.recovered'] })
  @OptionalShortStrings(100)
  events?: string[];

  @ApiPropertyOptional({ type: [String], description: 'stack ids; [] means every stack, and the events of no stack' })
  @OptionalShortStrings(500)
  stacks?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateChannelDto {
  @ApiPropertyOptional({ example: 'ops webhook' })
  @IsOptional()
  @IsString()
  @Matches(CHANNEL_NAME, { message: CHANNEL_NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ enum: CHANNEL_KINDS, description: 'must stay the kind the channel has (create another channel for another kind)' })
  @IsOptional()
  @IsIn(CHANNEL_KINDS)
  kind?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: `replaces the settings; ${SETTINGS_DOC}` })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: SECRETS_DOC, writeOnly: true })
  @IsOptional()
  @IsObject()
  secrets?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], description: EVENTS_DOC })
  @OptionalShortStrings(100)
  events?: string[];

  @ApiPropertyOptional({ type: [String] })
  @OptionalShortStrings(500)
  stacks?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class DeliveryQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class NotificationDeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty() channelId: string;
  @ApiProperty({ enum: DELIVERY_KINDS }) kind: string;
  @ApiProperty({ type: [String], description: 'the events it tells of' }) eventIds: string[];
  @ApiProperty({ example: 'Deploy of shop failed (version 3)' }) title: string;
  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description: 'pending (waiting, retrying, or held by the quiet period), sent, failed (given up)',
  })
  status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Date, nullable: true, description: 'when the next attempt is due (pending only)' }) nextAttemptAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: 'hooks.example.com (203.0.113.10) answered 503 Service Unavailable' })
  lastError: string | null;
  @ApiProperty({ type: Number, nullable: true, description: "the receiver's HTTP status or the SMTP reply code" })
  responseStatus: number | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) sentAt: Date | null;
}

export class NotificationChannelDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the settings that are not secret' })
  settings: Record<string, unknown>;
  @ApiProperty({ type: [String], example: ['url', 'signingSecret'], description: 'which secrets are set (never their values)' })
  secretsSet: string[];
  @ApiProperty({ type: String, nullable: true, example: 'hooks.slack.com', description: 'the host it sends to, nothing more of the URL' })
  target: string | null;
  @ApiProperty({ type: [String] }) events: string[];
  @ApiProperty({ type: [String] }) stacks: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: NotificationDeliveryDto, nullable: true }) lastDelivery: NotificationDeliveryDto | null;
}

export class CreatedChannelDto extends NotificationChannelDto {
  @ApiPropertyOptional({
    description: 'webhook channels created without one: the generated signing secret, shown this once and never again',
  })
  signingSecret?: string;
}
