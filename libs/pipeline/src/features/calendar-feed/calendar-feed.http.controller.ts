import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { principalOf, problem, ProblemError, Public, READERS, Roles, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { feedCalendar, feedOwnerOf, revokeFeed, rotateFeed } from './calendar-feed';

export class CalendarFeedResponse {
  @ApiProperty({ example: '/calendar/6Jq…43 characters….ics', description: 'Secret: whoever has it reads your deadlines. Shown once; POST again to replace it' })
  url: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiTags('deadlines')
@Controller()
export class CalendarFeedHttpController {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  @Post('me/calendar-feed')
  @Roles(...READERS)
  @HttpCode(201)
  @ApiOperation({ summary: 'Make (or replace) your secret iCalendar feed of deadlines; the previous URL stops working' })
  @ApiCreatedResponse({ type: CalendarFeedResponse })
  async rotate(@Req() req: Request): Promise<CalendarFeedResponse> {
    const principal = principalOf(req);
    const { secret, createdAt } = await rotateFeed(this.db, { username: principal.username, personId: principal.actor.id, role: principal.actor.role });
    return { url: `/calendar/${secret}.ics`, createdAt };
  }

  @Post('me/calendar-feed/revocation')
  @Roles(...READERS)
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke your iCalendar feed: its URL answers 404 from now on' })
  @ApiNoContentResponse({ description: 'Revoked (or there was none)' })
  async revoke(@Req() req: Request): Promise<void> {
    await revokeFeed(this.db, principalOf(req).username);
  }

  @Get('calendar/:file')
  @Public()
  @ApiOperation({ summary: 'An iCalendar feed of deadlines (text/calendar); the file name is the secret POST /me/calendar-feed made' })
  @ApiOkResponse({ description: 'text/calendar', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'Unknown or revoked feed, or its account is no longer active' })
  async feed(@Param('file') file: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const owner = file.endsWith('.ics') ? await feedOwnerOf(this.db, file.slice(0, -'.ics'.length)) : null;
    if (!owner) throw new ProblemError(problem(404, 'feed_not_found', 'Calendar feed not found'));
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    return feedCalendar(this.db, owner, new Date().toISOString().slice(0, 10));
  }
}
