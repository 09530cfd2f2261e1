// The page's build: one HTML file, one script and one stylesheet under fixed names
// (lst-devnet embeds exactly these; see lst-devnet/src/page.rs), relative URLs so the same
// dist/ works from any path, no inline script (a strict Content-Security-Policy holds).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  resolve: {
    // The SDK from its sources (its dist/ is built only when it is packed).
    alias: {
      "@lst-registry/sdk": fileURLToPath(new URL("../lst-registry/src/index.ts", import.meta.url)),
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    rolldownOptions: {
      output: {
        entryFileNames: "assets/page.js",
        chunkFileNames: "assets/[name].js",
        assetFileNames: "assets/page[extname]",
        codeSplitting: false,
      },
    },
  },
});
