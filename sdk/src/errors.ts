/** The API's error body: `{statusCode, error, code, message, details?}`. */
export interface BazaarErrorBody {
  statusCode: number;
  error?: string;
  code: string;
  message: string;
  details?: unknown;
}

/**
 * Every non-2xx answer, thrown by the client's calls: `status` is the HTTP status, `code` the
 * API's stable machine-readable code (e.g. `INSUFFICIENT_STOCK`, `VALIDATION_FAILED`), `details`
 * its structured extras (e.g. `details.fields` for validation errors).
 */
export class BazaarApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'BazaarApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** From a failed response: the API's error body when there is one, else the status line. */
  static async fromResponse(response: Response): Promise<BazaarApiError> {
    const text = await response.text().catch(() => '');
    let body: Partial<BazaarErrorBody> | undefined;
    try {
      body = text ? (JSON.parse(text) as Partial<BazaarErrorBody>) : undefined;
    } catch {
      body = undefined;
    }
    return new BazaarApiError(
      response.status,
      typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`,
      typeof body?.message === 'string' ? body.message : response.statusText || `HTTP ${response.status}`,
      body?.details,
    );
  }
}
