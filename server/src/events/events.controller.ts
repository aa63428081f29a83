import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EVENT_KIND_NAMES, EVENT_KINDS, phaseOf } from './event-kinds.js';
import { EventKindsDto, EventPageDto, OpenIncidentsDto } from './event.dto.js';
import { MAX_LIMIT, parseEventQuery, type RawEventQuery } from './event-query.js';
import { EventsService } from './events.service.js';
import { IncidentBook } from './incident-book.js';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly book: IncidentBook,
  ) {}

  @Get()
  @ApiOperation({ summary: 'What happened, newest first: deployments, incidents and their ends, user actions' })
  @ApiQuery({ name: 'kind', required: false, description: 'comma-separated event kinds (see /api/events/kinds)' })
  @ApiQuery({ name: 'severity', required: false, description: 'comma-separated: info, success, warning, error' })
  @ApiQuery({ name: 'stackId', required: false })
  @ApiQuery({ name: 'serverId', required: false })
  @ApiQuery({ name: 'before', required: false, description: 'an event id: the page after it (nextBefore of the previous page)' })
  @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_LIMIT}, default 50` })
  @ApiOkResponse({ type: EventPageDto })
  listEvents(@Query() query: RawEventQuery): Promise<EventPageDto> {
    return this.events.list(parseEventQuery(query));
  }

  @Get('open')
  @ApiOperation({ summary: 'The opening event of every incident that has not ended' })
  @ApiOkResponse({ type: OpenIncidentsDto })
  async listOpenIncidents(): Promise<OpenIncidentsDto> {
    await this.book.load();
    return { incidents: this.book.list() };
  }

  @Get('kinds')
  @ApiOperation({ summary: 'Every event kind, its severity, what it means, and whether it opens or resolves an incident' })
  @ApiOkResponse({ type: EventKindsDto })
  listEventKinds(): EventKindsDto {
    return {
      kinds: EVENT_KIND_NAMES.map((kind) => ({
        kind,
        severity: EVENT_KINDS[kind].severity,
        about: EVENT_KINDS[kind].about,
        phase: phaseOf(kind),
      })),
    };
  }
}
