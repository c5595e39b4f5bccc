/** The body of every error response. */
export class ErrorResponseDto {
  /** HTTP status code, repeated for clients that only see the body. @example 409 */
  statusCode: number;
  /** HTTP reason phrase. @example "Conflict" */
  error: string;
  /** Stable machine-readable code. @example "INSUFFICIENT_STOCK" */
  code: string;
  /** Human-readable explanation. @example "Only 3 left of Blue Bottle" */
  message: string;
  /** Extra structured data, e.g. the fields that failed validation. */
  details?: unknown;
}
