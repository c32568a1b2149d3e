import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-tmp.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Integration suites start real servers (Ceph RGW, Azurite); keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
