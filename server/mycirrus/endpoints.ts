/**
 * Endpoint names (method + path template) and the scopes each needs, from the
 * API reference. The names appear in errors and logs; the scopes let a 403 say
 * what the organisation's key is missing.
 */
export const ENDPOINTS = {
  listInstruments: { name: "GET /control/instruments", scopes: ["instruments:read"] },
  getInstrument: { name: "GET /control/instruments/{serial}", scopes: ["instruments:read"] },
  renameInstrument: { name: "PUT /control/instruments/{serial}", scopes: ["instruments:write"] },
  getStatus: { name: "GET /control/instruments/{serial}/status", scopes: ["instruments:read"] },
  startAction: { name: "POST /control/instruments/{serial}/action", scopes: ["instruments:action"] },
  latestCalibration: { name: "GET /control/instruments/{serial}/calibration", scopes: ["instruments:read"] },
  latestSic: { name: "GET /control/instruments/{serial}/sic", scopes: ["instruments:read"] },
  noiseMeasurements: { name: "GET /data/noise/measurements", scopes: ["data.noise:read"] },
  noiseTimeHistory: { name: "GET /data/noise/timehistory", scopes: ["data.noise:read"] },
  frequencyMeasurements: { name: "GET /data/frequency/measurements", scopes: ["data.noise:read"] },
  frequencyTimeHistory: { name: "GET /data/frequency/timehistory", scopes: ["data.noise:read"] },
  listAudio: { name: "GET /data/audio", scopes: ["data.audio:read"] },
  downloadAudio: { name: "GET /data/audio/{recordingId}", scopes: ["data.audio:read"] },
  weather: { name: "GET /data/weather", scopes: ["data.enviro:read"] },
  particulates: { name: "GET /data/particulates", scopes: ["data.enviro:read"] },
  gases: { name: "GET /data/gases", scopes: ["data.enviro:read"] },
  vibration: { name: "GET /data/vibration/{type}", scopes: ["data.enviro:read"] },
  events: { name: "GET /data/events", scopes: ["data.events:read"] },
  eventTimeHistory: { name: "GET /data/events/timehistory/{id}", scopes: ["data.events:read"] },
  eventAudio: { name: "GET /data/events/audio/{id}", scopes: ["data.events:read", "data.audio:read"] },
  calibrations: { name: "GET /data/calibrations", scopes: ["data.system:read"] },
  calibrationLog: { name: "GET /data/calibrations/log", scopes: ["data.system:read"] },
  sicHistory: { name: "GET /data/sic", scopes: ["data.system:read"] },
  monitorStats: { name: "GET /data/monitor/stats", scopes: ["data.system:read"] },
  monitorEvents: { name: "GET /data/monitor/events", scopes: ["data.system:read"] },
  monitorCurrent: { name: "GET /data/monitor/current", scopes: ["data.system:read"] },
  listWebhooks: { name: "GET /webhooks", scopes: ["webhooks:read"] },
  createWebhook: { name: "POST /webhooks", scopes: ["webhooks:write"] },
  getWebhook: { name: "GET /webhooks/{webhookId}", scopes: ["webhooks:read"] },
  updateWebhook: { name: "PUT /webhooks/{webhookId}", scopes: ["webhooks:write"] },
  deleteWebhook: { name: "DELETE /webhooks/{webhookId}", scopes: ["webhooks:write"] },
} as const satisfies Record<string, { name: string; scopes: readonly string[] }>;

export type EndpointId = keyof typeof ENDPOINTS;
