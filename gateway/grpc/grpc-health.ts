// grpc.health.v1 (SERVING for "", quire.v1.LedgerService and quire.v1.LogService while the service's readiness check
// passes, polled every healthPollMs; NOT_SERVING from the moment stop() begins) and server
// reflection (v1 and v1alpha), so grpcurl needs no .proto file.
import type { Server } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from '../../common/logger.js';
import type { LedgerService } from '../ledger-service.js';
import { LEDGER_SERVICE_NAME, LOG_SERVICE_NAME, reflectionPackageDefinition } from './grpc-proto.js';

export interface HealthReporter {
  /** Stops polling and reports NOT_SERVING for good. */
  stop(): void;
}

export async function serveHealthAndReflection(server: Server, service: LedgerService, pollMs: number, log: Logger): Promise<HealthReporter> {
  const health = new HealthImplementation({ '': 'NOT_SERVING', [LEDGER_SERVICE_NAME]: 'NOT_SERVING', [LOG_SERVICE_NAME]: 'NOT_SERVING' });
  health.addToServer(server);
  new ReflectionService(reflectionPackageDefinition()).addToServer(server);
  const set = (s: 'SERVING' | 'NOT_SERVING') => {
    health.setStatus('', s);
    health.setStatus(LEDGER_SERVICE_NAME, s);
    health.setStatus(LOG_SERVICE_NAME, s);
  };
  const check = async () => {
    let ready = false;
    try {
      ready = (await service.readiness()).ready;
    } catch (err) {
      log.warn({ err }, 'readiness check failed');
    }
    set(ready ? 'SERVING' : 'NOT_SERVING');
  };
  await check();
  let timer: NodeJS.Timeout | undefined;
  const poll = () => {
    timer = setTimeout(() => void check().finally(() => timer !== undefined && poll()), pollMs);
    timer.unref();
  };
  poll();
  return {
    stop() {
      clearTimeout(timer);
      timer = undefined;
      set('NOT_SERVING');
    },
  };
}
