import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { OneOf, Text } from '@app/platform';
import { USER_ROLES } from '../../domain';
import type { UserRole } from '../../domain';
import { NewPassword, USERNAME, USERNAME_MESSAGE } from '../login/auth.request.dto';

export class CreateUserRequest {
  @ApiProperty({ example: 'dr-chen', description: 'The login name; also the user stream: user-<username>' })
  @IsString()
  @Matches(USERNAME, { message: USERNAME_MESSAGE })
  username: string;

  @ApiPropertyOptional({ example: 'dr-chen', description: 'The actor id events record; defaults to the username. One person with two roles holds two accounts with one personId.' })
  @IsOptional()
  @IsString()
  @Matches(USERNAME, { message: USERNAME_MESSAGE })
  personId?: string;

  @Text({ max: 200, example: 'Dr. Chen Wei', description: 'The printed name signatures and the record show' }) name: string;
  @OneOf(USER_ROLES) role: UserRole;
  @NewPassword() initialPassword: string;
}

export class ChangeRoleRequest {
  @OneOf(USER_ROLES) role: UserRole;
  @Text({ max: 2000, example: 'Moved to the innovation office' }) reason: string;
}

export class LockUserRequest {
  @Text({ max: 2000, example: 'Left the hospital' }) reason: string;
}

export class UnlockUserRequest {
  @Text({ max: 2000, optional: true }) reason?: string;
}

export class ResetPasswordRequest {
  @NewPassword() password: string;
}

export class AssignProjectRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  projectId: string;
}

export class UnassignProjectRequest {
  @Text({ max: 2000, optional: true }) reason?: string;
}

export class UserView {
  @ApiProperty({ example: 'dr-chen' }) username: string;
  @ApiProperty({ example: 'dr-chen' }) personId: string;
  @ApiProperty({ example: 'Dr. Chen Wei' }) name: string;
  @ApiProperty({ enum: USER_ROLES }) role: string;
  @ApiProperty({ enum: ['active', 'locked'] }) status: string;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty({ type: [String] }) projects: string[];
  @ApiProperty({ description: 'Revision of the user-<username> stream' }) revision: number;
}

export class UserListView {
  @ApiProperty({ type: [UserView] }) users: UserView[];
}

export class UserEventView {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'UserRoleChanged' }) type: string;
  @ApiProperty() revision: number;
}

/** What a change to an account answers: the events it recorded on user-<username> and the account as it now is. */
export class UserCommandResponse {
  @ApiProperty({ example: 'dr-chen' }) username: string;
  @ApiProperty({ description: 'Revision of the user-<username> stream after the change' }) revision: number;
  @ApiProperty({ type: [UserEventView] }) events: UserEventView[];
  @ApiProperty({ type: UserView }) user: UserView;
}
