// Which files Plex compiles through its sandbox: the modules of a bundle's Contents/Code/.
// Bundled libraries (Contents/Libraries/Shared/…) are imported normally and use "_" names
// freely, so they get the Python 2.7 rules only (python-check.md §8).

/** @param path relative to the Plug-ins folder or absolute; unknown (undefined) → the strict answer */
export function sandboxAppliesTo(path: string | undefined): boolean {
  if (path === undefined) return true;
  const parts = path.split(/[\\/]+/).map((p) => p.toLowerCase());
  for (let i = 0; i + 3 < parts.length; i++) {
    if (parts[i]!.endsWith('.bundle') && parts[i + 1] === 'contents' && parts[i + 2] === 'code') return true;
  }
  return false;
}
