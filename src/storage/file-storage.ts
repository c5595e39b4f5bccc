/**
 * Where uploaded files live. Local disk by default; an S3-compatible implementation
 * can replace it behind the same interface. Keys are relative paths like
 * `products/<id>/<uuid>-large.webp`.
 */
export abstract class FileStorage {
  abstract put(key: string, data: Buffer, contentType: string): Promise<void>;
  abstract delete(key: string): Promise<void>;
  abstract exists(key: string): Promise<boolean>;
  /** Public URL clients use to fetch the file. */
  abstract url(key: string): string;
}
