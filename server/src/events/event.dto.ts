import { ApiProperty } from '@nestjs/swagger';
import { EVENT_KIND_NAMES } from './event-kinds.js';
import { SEVERITIES } from './event-query.js';

const ACTORS = ['admin', 'api', 'push', 'poll', 'system'];

export class EventDto {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ enum: EVENT_KIND_NAMES, example: 'service.degraded' }) kind: string;
  @ApiProperty({ enum: SEVERITIES }) severity: string;
  @ApiProperty({ example: 'Service web of shop runs 1 of 2 replicas' }) message: string;
  @ApiProperty({ type: String, nullable: true }) stackId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'copied when it happened: the stack may be gone' }) stackName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'shop_web', description: 'the full Swarm service name' }) service: string | null;
  @ApiProperty({ type: String, nullable: true }) serverId: string | null;
  @ApiProperty({ type: String, nullable: true }) serverName: string | null;
  @ApiProperty({ type: String, nullable: true }) deploymentId: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'service.degraded:shop_web',
    description: 'shared by a problem and its resolution',
  })
  incidentKey: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['open', 'resolved'], description: 'null for one-off events' }) phase: string | null;
  @ApiProperty({ enum: ACTORS }) actor: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'what helps: version, trigger, commit, reason, output, restarts... never secrets',
  })
  details: Record<string, unknown>;
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto], description: 'newest first' }) events: EventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `before` for the next page; null on the last page' })
  nextBefore: string | null;
}

export class OpenIncidentsDto {
  @ApiProperty({ type: [EventDto], description: 'the opening event of every open incident, newest first' }) incidents: EventDto[];
}

export class EventKindDto {
  @ApiProperty({ enum: EVENT_KIND_NAMES }) kind: string;
  @ApiProperty({ enum: SEVERITIES }) severity: string;
  @ApiProperty({ example: 'fewer replicas run than desired, longer than the grace period' }) about: string;
  @ApiProperty({ type: String, nullable: true, enum: ['open', 'resolved'] }) phase: string | null;
}

export class EventKindsDto {
  @ApiProperty({ type: [EventKindDto] }) kinds: EventKindDto[];
}
