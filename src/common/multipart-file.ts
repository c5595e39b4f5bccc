import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { BadRequestError, DomainError } from './errors/domain-error';

/** The file of a multipart upload and the text fields sent before it. */
export interface UploadedFile {
  data: Buffer;
  fields: Record<string, string>;
}

/** @fastify/multipart's limit errors, as the 413 clients get. */
const LIMIT_ERRORS = new Set([
  'FST_REQ_FILE_TOO_LARGE',
  'FST_FILES_LIMIT',
  'FST_FIELDS_LIMIT',
  'FST_PARTS_LIMIT',
]);

/**
 * The one way a route reads an upload: the single file of a `multipart/form-data` request (in
 * the field named "file"), as a Buffer. @fastify/multipart stops reading at `maxBytes`
 * (UPLOAD_MAX_BYTES), so an oversize upload is refused before anything is stored.
 *
 * The parser (busboy) reports a body it cannot read (no boundary in the Content-Type, a part cut
 * off before its closing boundary, a malformed part header) as a plain `Error` while the parts
 * are read: that is the client's malformed request, so it becomes 400 MALFORMED_MULTIPART here
 * rather than an unexplained 500 from the exception filter.
 */
export async function readUploadedFile(req: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  if (!req.isMultipart()) {
    throw new DomainError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the file as multipart/form-data in a field named "file"',
    );
  }
  try {
    const part = await req.file();
    if (!part) throw new BadRequestError('FILE_REQUIRED', 'Send the file in a multipart field named "file"');
    const data = await part.toBuffer();
    if (!data.length) throw new BadRequestError('FILE_EMPTY', 'The uploaded file is empty');
    const fields: Record<string, string> = {};
    for (const [name, field] of Object.entries(part.fields)) {
      if (field && !Array.isArray(field) && field.type === 'field') fields[name] = String(field.value);
    }
    return { data, fields };
  } catch (err) {
    throw uploadError(err, maxBytes);
  }
}

function uploadError(err: unknown, maxBytes: number): unknown {
  if (err instanceof DomainError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DomainError(413, 'FILE_TOO_LARGE', `The file is larger than the limit of ${maxBytes} bytes`, {
      maxBytes,
    });
  }
  if (code && LIMIT_ERRORS.has(code)) {
    return new DomainError(
      413,
      'PAYLOAD_TOO_LARGE',
      'The upload has too many parts: send one file and a few text fields',
    );
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new BadRequestError('MALFORMED_MULTIPART', `The multipart/form-data body is malformed: ${reason}`);
}
