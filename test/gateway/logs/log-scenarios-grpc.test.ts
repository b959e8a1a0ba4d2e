// The named-log scenarios (log-scenarios.ts) over gRPC (quire.v1.LogService).
import { logScenarios } from './log-scenarios.js';
import { grpcLogTransport } from './log-transport.js';

logScenarios('gRPC', (gw) => grpcLogTransport(`127.0.0.1:${gw.grpc!.port}`));
