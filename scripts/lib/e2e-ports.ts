/** Fixed ports of the end-to-end test server, so tests can drive the simulator (/_sim) and read the mailbox. */
export const E2E_PORT = 3100;
export const E2E_SIMULATOR_PORT = 4110;
export const E2E_MAILBOX = { smtpPort: 4125, httpPort: 4180 } as const;
