import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { BadRequestError, NotFoundError } from '../common/errors/domain-error';
import { FileStorage } from '../storage/file-storage';
import { User } from './entities/user.entity';
import { UsersService } from './users.service';

const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);
const SIZE = 256;
/** Refuse decompression bombs: a small file that decodes to a huge bitmap. */
const MAX_INPUT_PIXELS = 40_000_000;

/** Profile pictures: sniffed, normalised to a 256×256 WebP, stored through FileStorage. */
@Injectable()
export class AvatarService {
  private readonly logger = new Logger(AvatarService.name);

  constructor(
    private readonly users: UsersService,
    private readonly storage: FileStorage,
  ) {}

  /**
   * The format is read from the bytes by sharp, never trusted from the client's mimetype or file
   * name. Re-encoding also strips metadata (EXIF GPS etc.). The new file is stored before the row
   * points to it and the old one deleted after, so a reader never sees a missing avatar.
   */
  async replace(userId: string, data: Buffer): Promise<User> {
    const output = await this.normalise(data);
    const key = `avatars/${userId}/${randomUUID()}.webp`;
    await this.storage.put(key, output, 'image/webp');
    let previous: string | null | undefined;
    try {
      previous = await this.users.swapAvatarKey(userId, key);
    } catch (err) {
      await this.storage.delete(key);
      throw err;
    }
    if (previous === undefined) {
      await this.storage.delete(key);
      throw new NotFoundError('User');
    }
    if (previous) {
      await this.storage
        .delete(previous)
        .catch((err: Error) => this.logger.warn(`could not delete ${previous}: ${err.message}`));
    }
    return (await this.users.findById(userId))!;
  }

  private async normalise(data: Buffer): Promise<Buffer> {
    const image = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const format = await image.metadata().then(
      (m) => m.format,
      () => undefined,
    );
    if (!format || !ACCEPTED_FORMATS.has(format)) {
      throw new BadRequestError('UNSUPPORTED_IMAGE', 'The avatar must be a JPEG, PNG or WebP image');
    }
    try {
      // rotate() applies the EXIF orientation before the metadata is dropped.
      return await image.rotate().resize(SIZE, SIZE, { fit: 'cover' }).webp({ quality: 82 }).toBuffer();
    } catch {
      throw new BadRequestError('UNSUPPORTED_IMAGE', 'The image could not be decoded');
    }
  }
}
