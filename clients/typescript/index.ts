// Quire's TypeScript SDK: a REST client (openapi-fetch over types generated from
// openapi/quire.yaml), a streaming blob client (REST), and a gRPC client (stubs generated from
// proto/quire/v1), one error type.
export { fetchWithToken, grpcChannel, type GrpcTlsOptions, type TokenSource } from './credentials.js';
export { QuireApiError, withRetries, type Problem, type RetryPolicy } from './errors.js';
export { QuireRestClient, type QuireRestClientOptions, type LedgerInfo, type Receipt, type Entry, type EntryPage, type SealResult, type AppendOptions, type ReadOptions, type CreateLedgerOptions } from './rest-client.js';
export { QuireGrpcClient, type QuireGrpcClientOptions } from './grpc-client.js';
export { QuireLogClient, LogProducer, LogConsumer, type LogReceipt, type LogRecordIn, type LogRecordOut, type RecordPage, type CursorInfo, type CreateLogOptions, type LogAppendOptions } from './log-client.js';
export { QuireBlobClient, type QuireBlobClientOptions, type BlobInfo, type BlobDownload, type PutBlobOptions, type GetBlobOptions } from './blob-client.js';
