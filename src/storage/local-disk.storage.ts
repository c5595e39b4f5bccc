import { Injectable } from '@nestjs/common';
import { mkdir, rm, stat, writeFile, rename } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { FileStorage } from './file-storage';

export const MEDIA_PREFIX = '/media/';

/** Files under `<DATA_DIR>/media`, served by main.ts at `/media/*` with long cache headers. */
@Injectable()
export class LocalDiskStorage extends FileStorage {
  readonly root: string;

  constructor(private readonly config: AppConfig) {
    super();
    this.root = resolve(config.dataDir, 'media');
  }

  private pathOf(key: string): string {
    const full = resolve(this.root, key);
    // Keys are built by our services, but never let one escape the media root.
    if (!full.startsWith(this.root + sep)) throw new Error(`Invalid storage key ${key}`);
    return full;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    // Write then rename, so a reader never sees a half-written file.
    const temp = `${target}.${randomUUID()}.tmp`;
    await writeFile(temp, data);
    await rename(temp, target);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  url(key: string): string {
    return `${this.config.publicUrl}${MEDIA_PREFIX}${key.split(sep).join('/')}`;
  }

  static mediaRoot(config: AppConfig): string {
    return join(resolve(config.dataDir), 'media');
  }
}
