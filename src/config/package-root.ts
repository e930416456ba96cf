/**
 * The installed package's root (the folder holding config/claims.yaml), found from this file: src/config/
 * under tsx, dist/src/config/ once built. The demo reads its claims there, and a config directory without
 * its own lexicon.yaml uses the lexicon shipped there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'config', 'claims.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`config/claims.yaml not found above ${import.meta.url}`);
    dir = parent;
  }
  return dir;
}
