// Original file: proto/quire/v1/blob.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BlobInfo as _quire_v1_BlobInfo, BlobInfo__Output as _quire_v1_BlobInfo__Output } from '../../quire/v1/BlobInfo.js';
import type { DeleteBlobRequest as _quire_v1_DeleteBlobRequest, DeleteBlobRequest__Output as _quire_v1_DeleteBlobRequest__Output } from '../../quire/v1/DeleteBlobRequest.js';
import type { DeleteBlobResponse as _quire_v1_DeleteBlobResponse, DeleteBlobResponse__Output as _quire_v1_DeleteBlobResponse__Output } from '../../quire/v1/DeleteBlobResponse.js';
import type { GetBlobRequest as _quire_v1_GetBlobRequest, GetBlobRequest__Output as _quire_v1_GetBlobRequest__Output } from '../../quire/v1/GetBlobRequest.js';
import type { GetBlobResponse as _quire_v1_GetBlobResponse, GetBlobResponse__Output as _quire_v1_GetBlobResponse__Output } from '../../quire/v1/GetBlobResponse.js';
import type { ListBlobsRequest as _quire_v1_ListBlobsRequest, ListBlobsRequest__Output as _quire_v1_ListBlobsRequest__Output } from '../../quire/v1/ListBlobsRequest.js';
import type { ListBlobsResponse as _quire_v1_ListBlobsResponse, ListBlobsResponse__Output as _quire_v1_ListBlobsResponse__Output } from '../../quire/v1/ListBlobsResponse.js';
import type { PutBlobRequest as _quire_v1_PutBlobRequest, PutBlobRequest__Output as _quire_v1_PutBlobRequest__Output } from '../../quire/v1/PutBlobRequest.js';
import type { PutBlobResponse as _quire_v1_PutBlobResponse, PutBlobResponse__Output as _quire_v1_PutBlobResponse__Output } from '../../quire/v1/PutBlobResponse.js';
import type { StatBlobRequest as _quire_v1_StatBlobRequest, StatBlobRequest__Output as _quire_v1_StatBlobRequest__Output } from '../../quire/v1/StatBlobRequest.js';

export interface BlobServiceClient extends grpc.Client {
  DeleteBlob(argument: _quire_v1_DeleteBlobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteBlobResponse__Output>): grpc.ClientUnaryCall;
  DeleteBlob(argument: _quire_v1_DeleteBlobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DeleteBlobResponse__Output>): grpc.ClientUnaryCall;
  DeleteBlob(argument: _quire_v1_DeleteBlobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteBlobResponse__Output>): grpc.ClientUnaryCall;
  DeleteBlob(argument: _quire_v1_DeleteBlobRequest, callback: grpc.requestCallback<_quire_v1_DeleteBlobResponse__Output>): grpc.ClientUnaryCall;
  deleteBlob(argument: _quire_v1_DeleteBlobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteBlobResponse__Output>): grpc.ClientUnaryCall;
  deleteBlob(argument: _quire_v1_DeleteBlobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DeleteBlobResponse__Output>): grpc.ClientUnaryCall;
  deleteBlob(argument: _quire_v1_DeleteBlobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteBlobResponse__Output>): grpc.ClientUnaryCall;
  deleteBlob(argument: _quire_v1_DeleteBlobRequest, callback: grpc.requestCallback<_quire_v1_DeleteBlobResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Server stream: the first message carries `info`, then `data` in order (each at most one
   * chunk). offset/length select one byte range (OUT_OF_RANGE outside the blob).
   */
  GetBlob(argument: _quire_v1_GetBlobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_GetBlobResponse__Output>;
  GetBlob(argument: _quire_v1_GetBlobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_GetBlobResponse__Output>;
  /**
   * Server stream: the first message carries `info`, then `data` in order (each at most one
   * chunk). offset/length select one byte range (OUT_OF_RANGE outside the blob).
   */
  getBlob(argument: _quire_v1_GetBlobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_GetBlobResponse__Output>;
  getBlob(argument: _quire_v1_GetBlobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_GetBlobResponse__Output>;
  
  /**
   * Name order (UTF-8 bytes), optionally by prefix; page_size 1..1000 (0 = 100).
   */
  ListBlobs(argument: _quire_v1_ListBlobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListBlobsResponse__Output>): grpc.ClientUnaryCall;
  ListBlobs(argument: _quire_v1_ListBlobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_ListBlobsResponse__Output>): grpc.ClientUnaryCall;
  ListBlobs(argument: _quire_v1_ListBlobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListBlobsResponse__Output>): grpc.ClientUnaryCall;
  ListBlobs(argument: _quire_v1_ListBlobsRequest, callback: grpc.requestCallback<_quire_v1_ListBlobsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Name order (UTF-8 bytes), optionally by prefix; page_size 1..1000 (0 = 100).
   */
  listBlobs(argument: _quire_v1_ListBlobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListBlobsResponse__Output>): grpc.ClientUnaryCall;
  listBlobs(argument: _quire_v1_ListBlobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_ListBlobsResponse__Output>): grpc.ClientUnaryCall;
  listBlobs(argument: _quire_v1_ListBlobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListBlobsResponse__Output>): grpc.ClientUnaryCall;
  listBlobs(argument: _quire_v1_ListBlobsRequest, callback: grpc.requestCallback<_quire_v1_ListBlobsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Client stream: the first message carries `header`, every later one `data` (any sizes; about
   * 1 MiB per message works well). The blob becomes visible only when the call succeeds; a
   * cancelled, failed or refused upload leaves nothing visible. Half-close to commit. An existing
   * blob of that name is replaced on commit (`replaced` = true) unless if_none_match is set.
   * The gateway reads the stream only as fast as bookies acknowledge (HTTP/2 flow control).
   */
  PutBlob(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_PutBlobResponse__Output>): grpc.ClientWritableStream<_quire_v1_PutBlobRequest>;
  PutBlob(metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_PutBlobResponse__Output>): grpc.ClientWritableStream<_quire_v1_PutBlobRequest>;
  PutBlob(options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_PutBlobResponse__Output>): grpc.ClientWritableStream<_quire_v1_PutBlobRequest>;
  PutBlob(callback: grpc.requestCallback<_quire_v1_PutBlobResponse__Output>): grpc.ClientWritableStream<_quire_v1_PutBlobRequest>;
  /**
   * Client stream: the first message carries `header`, every later one `data` (any sizes; about
   * 1 MiB per message works well). The blob becomes visible only when the call succeeds; a
   * cancelled, failed or refused upload leaves nothing visible. Half-close to commit. An existing
   * blob of that name is replaced on commit (`replaced` = true) unless if_none_match is set.
   * The gateway reads the stream only as fast as bookies acknowledge (HTTP/2 flow control).
   */
  putBlob(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_PutBlobResponse__Output>): grpc.ClientWritableStream<_quire_v1_PutBlobRequest>;
  putBlob(metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_PutBlobResponse__Output>): grpc.ClientWritableStream<_quire_v1_PutBlobRequest>;
  putBlob(options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_PutBlobResponse__Output>): grpc.ClientWritableStream<_quire_v1_PutBlobRequest>;
  putBlob(callback: grpc.requestCallback<_quire_v1_PutBlobResponse__Output>): grpc.ClientWritableStream<_quire_v1_PutBlobRequest>;
  
  StatBlob(argument: _quire_v1_StatBlobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_BlobInfo__Output>): grpc.ClientUnaryCall;
  StatBlob(argument: _quire_v1_StatBlobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_BlobInfo__Output>): grpc.ClientUnaryCall;
  StatBlob(argument: _quire_v1_StatBlobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_BlobInfo__Output>): grpc.ClientUnaryCall;
  StatBlob(argument: _quire_v1_StatBlobRequest, callback: grpc.requestCallback<_quire_v1_BlobInfo__Output>): grpc.ClientUnaryCall;
  statBlob(argument: _quire_v1_StatBlobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_BlobInfo__Output>): grpc.ClientUnaryCall;
  statBlob(argument: _quire_v1_StatBlobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_BlobInfo__Output>): grpc.ClientUnaryCall;
  statBlob(argument: _quire_v1_StatBlobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_BlobInfo__Output>): grpc.ClientUnaryCall;
  statBlob(argument: _quire_v1_StatBlobRequest, callback: grpc.requestCallback<_quire_v1_BlobInfo__Output>): grpc.ClientUnaryCall;
  
}

export interface BlobServiceHandlers extends grpc.UntypedServiceImplementation {
  DeleteBlob: grpc.handleUnaryCall<_quire_v1_DeleteBlobRequest__Output, _quire_v1_DeleteBlobResponse>;
  
  /**
   * Server stream: the first message carries `info`, then `data` in order (each at most one
   * chunk). offset/length select one byte range (OUT_OF_RANGE outside the blob).
   */
  GetBlob: grpc.handleServerStreamingCall<_quire_v1_GetBlobRequest__Output, _quire_v1_GetBlobResponse>;
  
  /**
   * Name order (UTF-8 bytes), optionally by prefix; page_size 1..1000 (0 = 100).
   */
  ListBlobs: grpc.handleUnaryCall<_quire_v1_ListBlobsRequest__Output, _quire_v1_ListBlobsResponse>;
  
  /**
   * Client stream: the first message carries `header`, every later one `data` (any sizes; about
   * 1 MiB per message works well). The blob becomes visible only when the call succeeds; a
   * cancelled, failed or refused upload leaves nothing visible. Half-close to commit. An existing
   * blob of that name is replaced on commit (`replaced` = true) unless if_none_match is set.
   * The gateway reads the stream only as fast as bookies acknowledge (HTTP/2 flow control).
   */
  PutBlob: grpc.handleClientStreamingCall<_quire_v1_PutBlobRequest__Output, _quire_v1_PutBlobResponse>;
  
  StatBlob: grpc.handleUnaryCall<_quire_v1_StatBlobRequest__Output, _quire_v1_BlobInfo>;
  
}

export interface BlobServiceDefinition extends grpc.ServiceDefinition {
  DeleteBlob: MethodDefinition<_quire_v1_DeleteBlobRequest, _quire_v1_DeleteBlobResponse, _quire_v1_DeleteBlobRequest__Output, _quire_v1_DeleteBlobResponse__Output>
  GetBlob: MethodDefinition<_quire_v1_GetBlobRequest, _quire_v1_GetBlobResponse, _quire_v1_GetBlobRequest__Output, _quire_v1_GetBlobResponse__Output>
  ListBlobs: MethodDefinition<_quire_v1_ListBlobsRequest, _quire_v1_ListBlobsResponse, _quire_v1_ListBlobsRequest__Output, _quire_v1_ListBlobsResponse__Output>
  PutBlob: MethodDefinition<_quire_v1_PutBlobRequest, _quire_v1_PutBlobResponse, _quire_v1_PutBlobRequest__Output, _quire_v1_PutBlobResponse__Output>
  StatBlob: MethodDefinition<_quire_v1_StatBlobRequest, _quire_v1_BlobInfo, _quire_v1_StatBlobRequest__Output, _quire_v1_BlobInfo__Output>
}
