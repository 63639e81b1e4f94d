import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Text } from '@app/platform';

export const USERNAME = /^[\w.@-]{1,128}$/;
/** What USERNAME allows, in words a person reads under the field. */
export const USERNAME_MESSAGE = '$property may hold only letters, digits and . _ - @ (no spaces), at most 128 of them';

/** A new password: 12 to 256 characters (NIST SP 800-63B: length over composition rules). */
export function NewPassword(): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type: String, minLength: 12, maxLength: 256 })(target, key);
    IsString()(target, key);
    MinLength(12)(target, key);
    MaxLength(256)(target, key);
  };
}

export class LoginRequest {
  @ApiProperty({ example: 'office-li' })
  @IsString()
  @Matches(USERNAME, { message: USERNAME_MESSAGE })
  username: string;

  @Text({ max: 256, example: 'correct horse battery' }) password: string;
}

export class ChangeOwnPasswordRequest {
  @Text({ max: 256 }) currentPassword: string;
  @NewPassword() newPassword: string;
}

export class TokenResponse {
  @ApiProperty({ description: 'A signed JWT; send it as Authorization: Bearer <token>' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ description: 'True after a reset or for the bootstrap admin: only POST /auth/password works until then' })
  mustChangePassword: boolean;
}

export class MeResponse {
  @ApiProperty({ example: 'office-li' }) username: string;
  @ApiProperty({ example: { id: 'office-li', name: 'Li Na', role: 'innovation_office' } }) actor: object;
  @ApiProperty({ enum: ['builtin', 'oidc'] }) mode: string;
  @ApiProperty() mustChangePassword: boolean;
}
