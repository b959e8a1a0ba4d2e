// Renders ERROR_TABLE as the markdown table in docs/errors.md (kept in sync by errors.test.ts;
// regenerate with `npx tsx scripts/gen-error-doc.ts`).
import { ERROR_TABLE, GrpcStatus, StatusCode } from './errors.js';

const statusName = new Map<number, string>(Object.entries(StatusCode).map(([k, v]) => [v, k]));
const grpcName = new Map<number, string>(Object.entries(GrpcStatus).map(([k, v]) => [v, k]));

export function errorTableMarkdown(): string {
  const rows = ['| code | bookie wire status (v3) | HTTP | gRPC | retry safe | meaning |', '|---|---|---|---|---|---|'];
  for (const [code, spec] of Object.entries(ERROR_TABLE)) {
    const wire = 'wire' in spec && spec.wire !== undefined ? `${statusName.get(spec.wire)} (${spec.wire})` : '—';
    rows.push(`| \`${code}\` | ${wire} | ${spec.http} | ${grpcName.get(spec.grpc)} | ${spec.retryable ? 'yes' : 'no'} | ${spec.summary} |`);
  }
  return rows.join('\n') + '\n';
}
