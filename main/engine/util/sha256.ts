// The one content hash of the project: backups, manifests, journals and propagation compare
// files by it.
import { createHash } from 'node:crypto';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
