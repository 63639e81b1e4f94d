import { Text } from '@app/platform';

export class RevokeGateSignatureRequest {
  @Text({
    max: 2000,
    example: 'Signed before the revised risk file was attached',
    description: 'Why the signature is withdrawn (required)',
  })
  reason: string;
}
