import sharp from 'sharp';
import { BadRequestError } from '../common/errors/domain-error';

export const ACCEPTED_IMAGE_FORMATS = ['jpeg', 'png', 'webp'] as const;
export const IMAGE_SIZES = { thumb: 400, large: 1600 } as const;
/** Decompression-bomb guard: a small file may claim a huge canvas. 40 megapixels is plenty for a product photo. */
const MAX_INPUT_PIXELS = 40_000_000;

/**
 * Checks the bytes really are a JPEG, PNG or WebP (sniffed by sharp from the content, never from
 * the file name or the client's content type) and renders the two stored sizes as WebP, rotated
 * upright from EXIF, never enlarged. Throws a 400 for anything else.
 */
export async function renderProductImage(
  data: Buffer,
): Promise<{ thumb: Buffer; large: Buffer; format: string }> {
  let format: string | undefined;
  try {
    format = (await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    throw new BadRequestError('INVALID_IMAGE', 'The file is not an image (JPEG, PNG or WebP expected)');
  }
  if (!format || !(ACCEPTED_IMAGE_FORMATS as readonly string[]).includes(format)) {
    throw new BadRequestError(
      'UNSUPPORTED_IMAGE_TYPE',
      `Images must be JPEG, PNG or WebP, not ${format ?? 'unknown'}`,
    );
  }
  const render = (size: number, quality: number) =>
    sharp(data, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality })
      .toBuffer();
  try {
    const [thumb, large] = await Promise.all([render(IMAGE_SIZES.thumb, 80), render(IMAGE_SIZES.large, 85)]);
    return { thumb, large, format };
  } catch {
    throw new BadRequestError('INVALID_IMAGE', 'The image could not be decoded (truncated or corrupt file)');
  }
}
