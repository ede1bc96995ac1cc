/**
 * Builds the designer into designer/dist, which the runtime server serves at /
 * (index.html never cached, assets/ by content hash, cached for a year).
 *
 * `npm run dev -w designer` serves it with hot reload and forwards /api/* to a
 * running server (http://127.0.0.1:3000, or ORDERFLOW_SERVER), so the session
 * cookie and the live updates work as they do when the server serves the app.
 */
import react from "@vitejs/plugin-react";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  // The pages are served from the server's root; every asset path is absolute from there.
  base: "/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, assetsDir: "assets", sourcemap: false },
  server: {
    proxy: {
      "/api": { target: process.env.ORDERFLOW_SERVER ?? "http://127.0.0.1:3000", rewrite: (path) => path.replace(/^\/api/, "") },
    },
  },
});
