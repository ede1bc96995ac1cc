/**
 * Where the app finds the designer's built pages (designer/dist): a reader
 * the server passes in, so the app itself reads no files. `directoryFiles`
 * reads them from a directory on disk.
 *
 * @example
 * createApp({ execution, designer: directoryFiles("designer/dist") });
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";

export interface DesignerFiles {
  /** Where the files are, for the message shown when they are not there. */
  readonly location: string;
  /** A file's bytes by its path inside the build ("index.html", "assets/index-3f2a.js"), or undefined when it is not there. */
  read(path: string): Promise<Uint8Array | undefined>;
}

export function directoryFiles(dir: string): DesignerFiles {
  const root = resolve(dir);
  return {
    location: root,
    async read(path) {
      const file = resolve(root, path);
      const inside = relative(root, file);
      if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return undefined;
      try {
        return await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EISDIR") return undefined;
        throw error;
      }
    },
  };
}
