import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query as QueryParams, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Request } from 'express';
import { AppConfig, principalOf, problem, ProblemError, Roles, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { NOTIFICATION_KINDS } from './notifications.projection';
import { deliveriesOf, listWebhooks, registerWebhook, removeWebhook, webhookUrlProblem } from './webhooks';

// Reminders are each account's own: webhooks carry the notifications of the record (gate decisions, ideas).
const WEBHOOK_KINDS = NOTIFICATION_KINDS.filter((k) => k !== 'deadline_reminder');

export class RegisterWebhookRequest {
  @IsString()
  @MaxLength(2000)
  @ApiProperty({ example: 'https://hooks.example.org/pipeline', description: 'http(s), not this service itself' })
  url: string;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_KINDS.length)
  @IsIn(WEBHOOK_KINDS, { each: true, message: `each value in $property must be one of: ${WEBHOOK_KINDS.join(', ')}` })
  @ApiPropertyOptional({ enum: WEBHOOK_KINDS, isArray: true, description: 'Default: every kind' })
  kinds?: string[];
}

export class DeliveriesRequest {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) @ApiPropertyOptional({ type: Number, default: 50, maximum: 500 }) limit?: number;
}

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_KINDS, isArray: true }) kinds: string[];
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RegisteredWebhookResponse extends WebhookResponse {
  @ApiProperty({ example: 'whsec_…', description: 'Standard Webhooks signing secret: shown once' }) secret: string;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ description: 'The webhook-id header: sha256 of the notification id and the webhook id' }) id: string;
  @ApiProperty() notificationId: string;
  @ApiProperty({ enum: WEBHOOK_KINDS }) kind: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatus: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The first 200 characters of the last answer' }) lastResponse: string | null;
}

@ApiTags('notifications')
@Roles('admin')
@Controller('admin/webhooks')
export class WebhooksHttpController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a webhook: notifications from now on are POSTed to it, signed as Standard Webhooks describe' })
  @ApiCreatedResponse({ type: RegisteredWebhookResponse })
  async register(@Body() body: RegisterWebhookRequest, @Req() req: Request): Promise<RegisteredWebhookResponse> {
    const wrong = webhookUrlProblem(body.url, { host: this.config.HOST, port: this.config.PORT });
    if (wrong) throw new ProblemError(problem(400, 'validation_failed', 'Invalid request', { detail: `url: ${wrong}`, errors: [{ field: 'url', messages: [wrong] }] }));
    return registerWebhook(this.db, body.url, body.kinds ?? [...WEBHOOK_KINDS], principalOf(req).username);
  }

  @Get()
  @ApiOperation({ summary: 'The registered webhooks (without their secrets)' })
  @ApiOkResponse({ type: [WebhookResponse] })
  list(): Promise<WebhookResponse[]> {
    return listWebhooks(this.db);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's delivery log, newest first: attempts, last status and a short excerpt of the answer" })
  @ApiOkResponse({ type: [WebhookDeliveryResponse] })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  async deliveries(@Param('id', new ParseUUIDPipe()) id: string, @QueryParams() q: DeliveriesRequest): Promise<WebhookDeliveryResponse[]> {
    const log = await deliveriesOf(this.db, id, q.limit ?? 50);
    if (!log) throw new ProblemError(problem(404, 'webhook_not_found', 'Webhook not found'));
    return log;
  }

  @Post(':id/removal')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a webhook; its undelivered deliveries are dropped' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    if (!(await removeWebhook(this.db, id))) throw new ProblemError(problem(404, 'webhook_not_found', 'Webhook not found'));
  }
}
