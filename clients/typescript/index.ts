// Quire's TypeScript SDK. The concept map every Quire SDK shares (clients/README.md): `Client`
// (endpoints, TLS, token, timeouts; gRPC by default, or REST), `Log` with an exactly-once
// `Producer` and a cursor-based `Consumer`, `Blob`, `Ledger`, one typed error. Underneath: a REST
// client (openapi-fetch over types generated from openapi/quire.yaml), a gRPC connection with
// endpoint failover (stubs generated from proto/quire/v1), and a LogTransport either one serves.
export { fetchWithToken, grpcChannel, type GrpcTlsOptions, type TokenSource } from './credentials.js';
export { QuireApiError, sequencedRetryable, withRetries, type Problem, type RetryPolicy } from './errors.js';
export { QuireRestClient, type QuireRestClientOptions, type LedgerInfo, type Receipt, type Entry, type EntryPage, type SealResult, type AppendOptions, type ReadOptions, type CreateLedgerOptions } from './rest-client.js';
export { QuireGrpcClient, type QuireGrpcClientOptions } from './grpc-client.js';
export { GrpcConnection, type GrpcConnectionOptions } from './grpc-connection.js';
export { QuireLogClient } from './log-client.js';
export { GrpcLogTransport } from './grpc-log-transport.js';
export type { LogTransport, LogInfo, LogReceipt, LogRecordIn, LogRecordOut, RecordPage, CursorInfo, CreateLogOptions, LogAppendOptions, ReadOpts, TailOpts, FollowOpts } from './log-transport.js';
export { Producer, type ProducerOptions } from './producer.js';
export { Consumer, type ConsumerOptions } from './consumer.js';
export { GrpcBlobClient, BLOB_MESSAGE_BYTES } from './grpc-blob-client.js';
export { QuireBlobClient, type QuireBlobClientOptions, type BlobInfo, type BlobDownload, type PutBlobOptions, type GetBlobOptions } from './blob-client.js';
export { Client, Log, Blob, Ledger, type ClientOptions, type BlobTransport, type CreateLedgerOpts } from './client.js';
export { failoverFetch } from './rest-failover.js';
export { LogConsumer, LogProducer } from './deprecated.js';
