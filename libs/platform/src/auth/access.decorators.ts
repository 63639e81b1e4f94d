import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

// The four roles of DOMAIN.md; the pipeline's domain names the same ones.
export const APP_ROLES = ['innovation_office', 'clinician', 'management', 'admin'] as const;
export type AppRole = (typeof APP_ROLES)[number];

/** Everyone signed in may read the pipeline; management only reads. */
export const READERS: readonly AppRole[] = APP_ROLES;

export const ROLES_KEY = 'access:roles';
export const PUBLIC_KEY = 'access:public';
export const SCRAPE_KEY = 'access:scrape';
export const PASSWORD_CHANGE_KEY = 'access:password-change';

/** The route needs a bearer token of a user in one of these roles (the auth guard checks; 403 otherwise). */
export function Roles(...roles: AppRole[]) {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid bearer token (absent, expired, wrong signature, locked user)' }),
    ApiForbiddenResponse({ description: `Only ${roles.join(', ')} may call this` }),
  );
}

/** No token needed: health probes and sign-in. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Also accepts the static METRICS_TOKEN (a Prometheus scraper cannot sign in). */
export const ScrapeTokenAccepted = () => SetMetadata(SCRAPE_KEY, true);

/** Reachable by a user who must change a one-time password first. */
export const AllowedBeforePasswordChange = () => SetMetadata(PASSWORD_CHANGE_KEY, true);
