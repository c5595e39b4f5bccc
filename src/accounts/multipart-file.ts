import type { FastifyRequest } from 'fastify';
import { BadRequestError, DomainError } from '../common/errors/domain-error';

/**
 * The single uploaded file of a multipart request, as a Buffer. @fastify/multipart stops reading
 * at `maxBytes` (UPLOAD_MAX_BYTES), so an oversize upload is refused before anything is stored.
 */
export async function readUploadedFile(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!req.isMultipart()) {
    throw new DomainError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the file as multipart/form-data in a field named "file"',
    );
  }
  const part = await req.file();
  if (!part) throw new BadRequestError('FILE_REQUIRED', 'Send the file in a multipart field named "file"');
  try {
    return await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new DomainError(413, 'FILE_TOO_LARGE', `The file is larger than the limit of ${maxBytes} bytes`, {
        maxBytes,
      });
    }
    throw err;
  }
}
