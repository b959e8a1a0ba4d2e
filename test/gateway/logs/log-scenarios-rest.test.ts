// The named-log scenarios (log-scenarios.ts) over REST.
import { logScenarios } from './log-scenarios.js';
import { restLogTransport } from './log-transport.js';

logScenarios('REST', (gw) => restLogTransport(gw.url));
