import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS } from './notifications.projection';

export class NotificationView {
  @ApiProperty({ description: 'Derived from its cause (sha256 of the event or deadline, the audience and the kind): stable across redeliveries and rebuilds' })
  id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) projectId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When you read it; null while unread' }) readAt: string | null;
}

export class NotificationsView {
  @ApiProperty({ description: 'Notifications you hear of, read or not' }) total: number;
  @ApiProperty() unread: number;
  @ApiProperty({ type: [NotificationView], description: 'Unread first, newest first within each' }) items: NotificationView[];
}

export class MarkedReadView {
  @ApiProperty({ description: 'How many were unread' }) marked: number;
}

export class NotificationPreferencesView {
  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, description: 'The kinds you hear of (inbox and mail)' }) kinds: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Projects you follow: their gate decisions reach you as they reach the team' }) follows: string[];
  @ApiProperty({ type: [Number], example: [30, 7, 1], description: 'Days before a deadline of yours at which you are reminded' }) deadlineHorizonDays: number[];
  @ApiProperty({ description: 'A reminder once a deadline is overdue' }) overdue: boolean;
  @ApiProperty({ description: 'Mail each notification (when the server has SMTP_URL)' }) email: boolean;
  @ApiProperty({ description: 'One mail a day (the day before, UTC) with everything new instead of single mails' }) dailyDigest: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'email', description: 'Where mail goes' }) emailAddress: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When mail was turned on: notifications from then on are mailed' }) emailSince: string | null;
}
