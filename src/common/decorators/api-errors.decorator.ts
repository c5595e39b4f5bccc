import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';

/** Default descriptions of error statuses (also used by openapi-conventions.ts). */
export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `details.fields` names each bad field',
  401: 'Missing, invalid or expired access token, or a deactivated account',
  403: 'Authenticated, but not allowed to do this',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflicts with the current state, e.g. a unique value already taken',
  413: 'Upload larger than the configured limit',
  415: 'Unsupported content type',
  429: 'Rate limited: retry after the number of seconds in the `Retry-After` header',
};

/**
 * Documents error responses with the shared error body, e.g. `@ApiErrors(401, 403, 404)`.
 * Pass `[status, description]` to override the default description of one status.
 */
export function ApiErrors(...statuses: Array<number | [number, string]>) {
  return applyDecorators(
    ...statuses.map((entry) => {
      const [status, description] = Array.isArray(entry)
        ? entry
        : [entry, ERROR_DESCRIPTIONS[entry] ?? 'Error'];
      return ApiResponse({ status, description, type: ErrorResponseDto });
    }),
  );
}
