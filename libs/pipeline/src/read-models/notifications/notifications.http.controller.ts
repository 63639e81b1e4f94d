import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query as QueryParams, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { principalOf, problem, ProblemError, READERS, Roles, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { ReadYourWrites } from '../shared/read-your-writes';
import { PagingRequest } from '../shared/paging.request.dto';
import { inboxOf, markAllRead, markRead, preferencesOf, Recipient, savePreferences } from './inbox';
import { notificationsProjection } from './notifications.projection';
import { NotificationPreferencesRequest } from './notifications.request.dto';
import { MarkedReadView, NotificationPreferencesView, NotificationsView } from './notifications.view';

function recipientOf(req: Request): Recipient {
  const p = principalOf(req);
  return { username: p.username, personId: p.actor.id, role: p.actor.role };
}

@ApiTags('notifications')
@Controller('me')
export class NotificationsHttpController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get('notifications')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Your inbox: unread first, newest first',
    description: 'Gate decisions on projects you are on or follow, ideas awaiting screening (innovation office), your ideas accepted or declined, deadline reminders; only the kinds your preferences keep.',
  })
  @ApiOkResponse({ type: NotificationsView })
  async list(@QueryParams() params: PagingRequest, @Req() req: Request): Promise<NotificationsView> {
    await this.readYourWrites.ensure(params.position, [notificationsProjection.name]);
    return inboxOf(this.db, recipientOf(req), params.page ?? 1, params.pageSize ?? 20);
  }

  @Post('notifications/read-all')
  @Roles(...READERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every notification of yours read' })
  @ApiOkResponse({ type: MarkedReadView })
  async readAll(@Req() req: Request): Promise<MarkedReadView> {
    return { marked: await markAllRead(this.db, recipientOf(req)) };
  }

  @Post('notifications/:id/read')
  @Roles(...READERS)
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one notification read (again is no change)' })
  @ApiNoContentResponse({ description: 'Read' })
  @ApiNotFoundResponse({ description: 'No such notification of yours' })
  async read(@Param('id') id: string, @Req() req: Request): Promise<void> {
    // PostgreSQL text holds no NUL: such an id (the fuzz suite sends %00) names no notification, as does an overlong one.
    const possible = id.length <= 300 && !id.includes('\u0000');
    if (!possible || !(await markRead(this.db, recipientOf(req), id))) throw new ProblemError(problem(404, 'notification_not_found', 'Notification not found'));
  }

  @Get('notification-preferences')
  @Roles(...READERS)
  @ApiOperation({ summary: 'What you hear of, and how' })
  @ApiOkResponse({ type: NotificationPreferencesView })
  preferences(@Req() req: Request): Promise<NotificationPreferencesView> {
    return preferencesOf(this.db, principalOf(req).username);
  }

  @Post('notification-preferences')
  @Roles(...READERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Change what you hear of, and how (fields left out stay as they are)' })
  @ApiOkResponse({ type: NotificationPreferencesView })
  savePreferences(@Body() body: NotificationPreferencesRequest, @Req() req: Request): Promise<NotificationPreferencesView> {
    return savePreferences(this.db, principalOf(req).username, body);
  }
}
