import type { Config } from '../../kernel/config.ts';
import { LocalDiskStore, type MediaStore } from './media-store.ts';
import { S3Store } from './s3-store.ts';

/** The media store the configuration names: the S3-compatible store when JINENG_MEDIA_S3_* are set, else the disk. */
export function mediaStoreFor(config: Pick<Config, 'mediaDir' | 'mediaS3'>): MediaStore {
  return config.mediaS3 ? new S3Store(config.mediaS3) : new LocalDiskStore(config.mediaDir);
}
