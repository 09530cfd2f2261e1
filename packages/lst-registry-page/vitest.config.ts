import { defineConfig, mergeConfig } from "vitest/config";
import page from "./vite.config.ts";

// The page's build settings (the SDK alias) plus the tests'.
export default mergeConfig(
  page,
  defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      // One file at a time: each browser file starts lst-devnet and chromium (2-core machines).
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);
