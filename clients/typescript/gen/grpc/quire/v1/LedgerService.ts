// Original file: proto/quire/v1/ledger.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AppendBatchRequest as _quire_v1_AppendBatchRequest, AppendBatchRequest__Output as _quire_v1_AppendBatchRequest__Output } from '../../quire/v1/AppendBatchRequest.js';
import type { AppendBatchResponse as _quire_v1_AppendBatchResponse, AppendBatchResponse__Output as _quire_v1_AppendBatchResponse__Output } from '../../quire/v1/AppendBatchResponse.js';
import type { AppendRequest as _quire_v1_AppendRequest, AppendRequest__Output as _quire_v1_AppendRequest__Output } from '../../quire/v1/AppendRequest.js';
import type { AppendStreamRequest as _quire_v1_AppendStreamRequest, AppendStreamRequest__Output as _quire_v1_AppendStreamRequest__Output } from '../../quire/v1/AppendStreamRequest.js';
import type { AppendStreamResponse as _quire_v1_AppendStreamResponse, AppendStreamResponse__Output as _quire_v1_AppendStreamResponse__Output } from '../../quire/v1/AppendStreamResponse.js';
import type { CloseRequest as _quire_v1_CloseRequest, CloseRequest__Output as _quire_v1_CloseRequest__Output } from '../../quire/v1/CloseRequest.js';
import type { CreateLedgerRequest as _quire_v1_CreateLedgerRequest, CreateLedgerRequest__Output as _quire_v1_CreateLedgerRequest__Output } from '../../quire/v1/CreateLedgerRequest.js';
import type { DeleteRequest as _quire_v1_DeleteRequest, DeleteRequest__Output as _quire_v1_DeleteRequest__Output } from '../../quire/v1/DeleteRequest.js';
import type { DeleteResponse as _quire_v1_DeleteResponse, DeleteResponse__Output as _quire_v1_DeleteResponse__Output } from '../../quire/v1/DeleteResponse.js';
import type { DurabilityReceipt as _quire_v1_DurabilityReceipt, DurabilityReceipt__Output as _quire_v1_DurabilityReceipt__Output } from '../../quire/v1/DurabilityReceipt.js';
import type { Entry as _quire_v1_Entry, Entry__Output as _quire_v1_Entry__Output } from '../../quire/v1/Entry.js';
import type { GetLastAddConfirmedRequest as _quire_v1_GetLastAddConfirmedRequest, GetLastAddConfirmedRequest__Output as _quire_v1_GetLastAddConfirmedRequest__Output } from '../../quire/v1/GetLastAddConfirmedRequest.js';
import type { GetLastAddConfirmedResponse as _quire_v1_GetLastAddConfirmedResponse, GetLastAddConfirmedResponse__Output as _quire_v1_GetLastAddConfirmedResponse__Output } from '../../quire/v1/GetLastAddConfirmedResponse.js';
import type { GetMetadataRequest as _quire_v1_GetMetadataRequest, GetMetadataRequest__Output as _quire_v1_GetMetadataRequest__Output } from '../../quire/v1/GetMetadataRequest.js';
import type { LedgerInfo as _quire_v1_LedgerInfo, LedgerInfo__Output as _quire_v1_LedgerInfo__Output } from '../../quire/v1/LedgerInfo.js';
import type { ListRequest as _quire_v1_ListRequest, ListRequest__Output as _quire_v1_ListRequest__Output } from '../../quire/v1/ListRequest.js';
import type { ListResponse as _quire_v1_ListResponse, ListResponse__Output as _quire_v1_ListResponse__Output } from '../../quire/v1/ListResponse.js';
import type { ReadEntryRequest as _quire_v1_ReadEntryRequest, ReadEntryRequest__Output as _quire_v1_ReadEntryRequest__Output } from '../../quire/v1/ReadEntryRequest.js';
import type { ReadRangeRequest as _quire_v1_ReadRangeRequest, ReadRangeRequest__Output as _quire_v1_ReadRangeRequest__Output } from '../../quire/v1/ReadRangeRequest.js';
import type { ReadRangeResponse as _quire_v1_ReadRangeResponse, ReadRangeResponse__Output as _quire_v1_ReadRangeResponse__Output } from '../../quire/v1/ReadRangeResponse.js';
import type { RecoverRequest as _quire_v1_RecoverRequest, RecoverRequest__Output as _quire_v1_RecoverRequest__Output } from '../../quire/v1/RecoverRequest.js';
import type { SealResult as _quire_v1_SealResult, SealResult__Output as _quire_v1_SealResult__Output } from '../../quire/v1/SealResult.js';
import type { TailRequest as _quire_v1_TailRequest, TailRequest__Output as _quire_v1_TailRequest__Output } from '../../quire/v1/TailRequest.js';
import type { TailResponse as _quire_v1_TailResponse, TailResponse__Output as _quire_v1_TailResponse__Output } from '../../quire/v1/TailResponse.js';

export interface LedgerServiceClient extends grpc.Client {
  /**
   * Appends one entry. The answer arrives only after at least ack_quorum_size bookies of the
   * entry's write set fsync'd it; the receipt names them. With expected_entry_id the append
   * happens only if the entry would get exactly that id (compare-and-append), else
   * FAILED_PRECONDITION and nothing is written. With (producer_id, sequence) a retry of an
   * acknowledged append - even through another gateway instance - returns the first receipt
   * (duplicate = true) instead of writing again; producer_id needs a ledger created with
   * ENTRY_FORMAT_ENVELOPE (on a raw ledger: FAILED_PRECONDITION, code EXACTLY_ONCE_NOT_ENABLED).
   */
  Append(argument: _quire_v1_AppendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DurabilityReceipt__Output>): grpc.ClientUnaryCall;
  Append(argument: _quire_v1_AppendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DurabilityReceipt__Output>): grpc.ClientUnaryCall;
  Append(argument: _quire_v1_AppendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DurabilityReceipt__Output>): grpc.ClientUnaryCall;
  Append(argument: _quire_v1_AppendRequest, callback: grpc.requestCallback<_quire_v1_DurabilityReceipt__Output>): grpc.ClientUnaryCall;
  /**
   * Appends one entry. The answer arrives only after at least ack_quorum_size bookies of the
   * entry's write set fsync'd it; the receipt names them. With expected_entry_id the append
   * happens only if the entry would get exactly that id (compare-and-append), else
   * FAILED_PRECONDITION and nothing is written. With (producer_id, sequence) a retry of an
   * acknowledged append - even through another gateway instance - returns the first receipt
   * (duplicate = true) instead of writing again; producer_id needs a ledger created with
   * ENTRY_FORMAT_ENVELOPE (on a raw ledger: FAILED_PRECONDITION, code EXACTLY_ONCE_NOT_ENABLED).
   */
  append(argument: _quire_v1_AppendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DurabilityReceipt__Output>): grpc.ClientUnaryCall;
  append(argument: _quire_v1_AppendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DurabilityReceipt__Output>): grpc.ClientUnaryCall;
  append(argument: _quire_v1_AppendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DurabilityReceipt__Output>): grpc.ClientUnaryCall;
  append(argument: _quire_v1_AppendRequest, callback: grpc.requestCallback<_quire_v1_DurabilityReceipt__Output>): grpc.ClientUnaryCall;
  
  /**
   * Appends entries with consecutive ids, all or nothing from the caller's view: on an error,
   * none of them was acknowledged. expected_entry_id applies to the first entry; the sequence
   * number applies to the first entry and counts up by one per entry.
   */
  AppendBatch(argument: _quire_v1_AppendBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_AppendBatchResponse__Output>): grpc.ClientUnaryCall;
  AppendBatch(argument: _quire_v1_AppendBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_AppendBatchResponse__Output>): grpc.ClientUnaryCall;
  AppendBatch(argument: _quire_v1_AppendBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_AppendBatchResponse__Output>): grpc.ClientUnaryCall;
  AppendBatch(argument: _quire_v1_AppendBatchRequest, callback: grpc.requestCallback<_quire_v1_AppendBatchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Appends entries with consecutive ids, all or nothing from the caller's view: on an error,
   * none of them was acknowledged. expected_entry_id applies to the first entry; the sequence
   * number applies to the first entry and counts up by one per entry.
   */
  appendBatch(argument: _quire_v1_AppendBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_AppendBatchResponse__Output>): grpc.ClientUnaryCall;
  appendBatch(argument: _quire_v1_AppendBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_AppendBatchResponse__Output>): grpc.ClientUnaryCall;
  appendBatch(argument: _quire_v1_AppendBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_AppendBatchResponse__Output>): grpc.ClientUnaryCall;
  appendBatch(argument: _quire_v1_AppendBatchRequest, callback: grpc.requestCallback<_quire_v1_AppendBatchResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The high-throughput path: many appends on one stream, pipelined, acknowledged in the order
   * they were sent. Each request message carries one or more appends (each naming its ledger,
   * each an independent append - not a batch); each response carries one or more receipts, the
   * next ones in send order. Sending several appends per message and reading several receipts
   * per message is what makes the stream fast: per-message costs, not per-entry ones, dominate.
   * On the first failed append the stream ends with that error's status; every append
   * acknowledged before it is durable, appends sent after it have an unknown outcome (retry
   * them with the same producer_id/sequence to stay exactly-once). Trailing metadata
   * `quire-stream-acked` says how many appends the stream acknowledged. The gateway stops
   * reading (HTTP/2 flow control) while too many appends of the stream are in flight.
   */
  AppendStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_quire_v1_AppendStreamRequest, _quire_v1_AppendStreamResponse__Output>;
  AppendStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_quire_v1_AppendStreamRequest, _quire_v1_AppendStreamResponse__Output>;
  /**
   * The high-throughput path: many appends on one stream, pipelined, acknowledged in the order
   * they were sent. Each request message carries one or more appends (each naming its ledger,
   * each an independent append - not a batch); each response carries one or more receipts, the
   * next ones in send order. Sending several appends per message and reading several receipts
   * per message is what makes the stream fast: per-message costs, not per-entry ones, dominate.
   * On the first failed append the stream ends with that error's status; every append
   * acknowledged before it is durable, appends sent after it have an unknown outcome (retry
   * them with the same producer_id/sequence to stay exactly-once). Trailing metadata
   * `quire-stream-acked` says how many appends the stream acknowledged. The gateway stops
   * reading (HTTP/2 flow control) while too many appends of the stream are in flight.
   */
  appendStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_quire_v1_AppendStreamRequest, _quire_v1_AppendStreamResponse__Output>;
  appendStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_quire_v1_AppendStreamRequest, _quire_v1_AppendStreamResponse__Output>;
  
  /**
   * Writer's close: seals the ledger at its LAC. Closing a closed ledger returns its end again.
   */
  Close(argument: _quire_v1_CloseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  Close(argument: _quire_v1_CloseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  Close(argument: _quire_v1_CloseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  Close(argument: _quire_v1_CloseRequest, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  
  /**
   * Creates a ledger on a fresh ensemble. Unset sizes and digest use the gateway's defaults.
   * The gateway instance that creates a ledger holds its write handle (single writer).
   */
  CreateLedger(argument: _quire_v1_CreateLedgerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  CreateLedger(argument: _quire_v1_CreateLedgerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  CreateLedger(argument: _quire_v1_CreateLedgerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  CreateLedger(argument: _quire_v1_CreateLedgerRequest, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a ledger on a fresh ensemble. Unset sizes and digest use the gateway's defaults.
   * The gateway instance that creates a ledger holds its write handle (single writer).
   */
  createLedger(argument: _quire_v1_CreateLedgerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  createLedger(argument: _quire_v1_CreateLedgerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  createLedger(argument: _quire_v1_CreateLedgerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  createLedger(argument: _quire_v1_CreateLedgerRequest, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes the ledger (password checked); its entries become unreachable. Unknown ledger:
   * NOT_FOUND. The instance holding the write handle drops it first, so no append is acked after.
   */
  Delete(argument: _quire_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _quire_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _quire_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _quire_v1_DeleteRequest, callback: grpc.requestCallback<_quire_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes the ledger (password checked); its entries become unreachable. Unknown ledger:
   * NOT_FOUND. The instance holding the write handle drops it first, so no append is acked after.
   */
  delete(argument: _quire_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _quire_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _quire_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _quire_v1_DeleteRequest, callback: grpc.requestCallback<_quire_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The last add confirmed; for a sealed (closed) ledger, its last entry.
   */
  GetLastAddConfirmed(argument: _quire_v1_GetLastAddConfirmedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_GetLastAddConfirmedResponse__Output>): grpc.ClientUnaryCall;
  GetLastAddConfirmed(argument: _quire_v1_GetLastAddConfirmedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_GetLastAddConfirmedResponse__Output>): grpc.ClientUnaryCall;
  GetLastAddConfirmed(argument: _quire_v1_GetLastAddConfirmedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_GetLastAddConfirmedResponse__Output>): grpc.ClientUnaryCall;
  GetLastAddConfirmed(argument: _quire_v1_GetLastAddConfirmedRequest, callback: grpc.requestCallback<_quire_v1_GetLastAddConfirmedResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The last add confirmed; for a sealed (closed) ledger, its last entry.
   */
  getLastAddConfirmed(argument: _quire_v1_GetLastAddConfirmedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_GetLastAddConfirmedResponse__Output>): grpc.ClientUnaryCall;
  getLastAddConfirmed(argument: _quire_v1_GetLastAddConfirmedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_GetLastAddConfirmedResponse__Output>): grpc.ClientUnaryCall;
  getLastAddConfirmed(argument: _quire_v1_GetLastAddConfirmedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_GetLastAddConfirmedResponse__Output>): grpc.ClientUnaryCall;
  getLastAddConfirmed(argument: _quire_v1_GetLastAddConfirmedRequest, callback: grpc.requestCallback<_quire_v1_GetLastAddConfirmedResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The ledger's metadata and state.
   */
  GetMetadata(argument: _quire_v1_GetMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _quire_v1_GetMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _quire_v1_GetMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _quire_v1_GetMetadataRequest, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  /**
   * The ledger's metadata and state.
   */
  getMetadata(argument: _quire_v1_GetMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _quire_v1_GetMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _quire_v1_GetMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _quire_v1_GetMetadataRequest, callback: grpc.requestCallback<_quire_v1_LedgerInfo__Output>): grpc.ClientUnaryCall;
  
  /**
   * Ledger ids in ascending order, a page at a time (page_size is server-capped).
   */
  List(argument: _quire_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _quire_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _quire_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _quire_v1_ListRequest, callback: grpc.requestCallback<_quire_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Ledger ids in ascending order, a page at a time (page_size is server-capped).
   */
  list(argument: _quire_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _quire_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _quire_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _quire_v1_ListRequest, callback: grpc.requestCallback<_quire_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads one entry. Only confirmed entries (id <= LAC) unless unconfirmed = true.
   * An entry beyond the LAC, or never written, is NOT_FOUND.
   */
  ReadEntry(argument: _quire_v1_ReadEntryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Entry__Output>): grpc.ClientUnaryCall;
  ReadEntry(argument: _quire_v1_ReadEntryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_Entry__Output>): grpc.ClientUnaryCall;
  ReadEntry(argument: _quire_v1_ReadEntryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Entry__Output>): grpc.ClientUnaryCall;
  ReadEntry(argument: _quire_v1_ReadEntryRequest, callback: grpc.requestCallback<_quire_v1_Entry__Output>): grpc.ClientUnaryCall;
  /**
   * Reads one entry. Only confirmed entries (id <= LAC) unless unconfirmed = true.
   * An entry beyond the LAC, or never written, is NOT_FOUND.
   */
  readEntry(argument: _quire_v1_ReadEntryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Entry__Output>): grpc.ClientUnaryCall;
  readEntry(argument: _quire_v1_ReadEntryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_Entry__Output>): grpc.ClientUnaryCall;
  readEntry(argument: _quire_v1_ReadEntryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Entry__Output>): grpc.ClientUnaryCall;
  readEntry(argument: _quire_v1_ReadEntryRequest, callback: grpc.requestCallback<_quire_v1_Entry__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams entries [from_entry_id, to_entry_id] in order, in messages of at most max_bytes
   * (a single larger entry travels alone). The whole call is bounded: at most max_entries
   * entries (server-capped); the last message's next_entry_id says where to resume when the
   * range was cut short. Only confirmed entries unless unconfirmed = true. Stops when the
   * client cancels or its deadline passes; respects HTTP/2 flow control.
   */
  ReadRange(argument: _quire_v1_ReadRangeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_ReadRangeResponse__Output>;
  ReadRange(argument: _quire_v1_ReadRangeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_ReadRangeResponse__Output>;
  /**
   * Streams entries [from_entry_id, to_entry_id] in order, in messages of at most max_bytes
   * (a single larger entry travels alone). The whole call is bounded: at most max_entries
   * entries (server-capped); the last message's next_entry_id says where to resume when the
   * range was cut short. Only confirmed entries unless unconfirmed = true. Stops when the
   * client cancels or its deadline passes; respects HTTP/2 flow control.
   */
  readRange(argument: _quire_v1_ReadRangeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_ReadRangeResponse__Output>;
  readRange(argument: _quire_v1_ReadRangeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_ReadRangeResponse__Output>;
  
  /**
   * Fences the ledger (its writer, wherever it is, can add nothing more), recovers the entries
   * a quorum may hold, closes it and returns the sealed end. Safe to call on a closed ledger.
   */
  Recover(argument: _quire_v1_RecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  Recover(argument: _quire_v1_RecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  Recover(argument: _quire_v1_RecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  Recover(argument: _quire_v1_RecoverRequest, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  /**
   * Fences the ledger (its writer, wherever it is, can add nothing more), recovers the entries
   * a quorum may hold, closes it and returns the sealed end. Safe to call on a closed ledger.
   */
  recover(argument: _quire_v1_RecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  recover(argument: _quire_v1_RecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  recover(argument: _quire_v1_RecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  recover(argument: _quire_v1_RecoverRequest, callback: grpc.requestCallback<_quire_v1_SealResult__Output>): grpc.ClientUnaryCall;
  
  /**
   * Follows a ledger: streams confirmed entries from from_entry_id on, long-polling the LAC for
   * new ones, in order, without gaps or duplicates. A message with no entries is a heartbeat
   * carrying the current LAC (sent after each long-poll wait that found nothing). The stream
   * ends with OK once the ledger is sealed and every entry up to its last one was sent; it
   * stops when the client cancels or its deadline passes. To resume after a broken stream,
   * call again with from_entry_id = the last received entry id + 1.
   */
  Tail(argument: _quire_v1_TailRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_TailResponse__Output>;
  Tail(argument: _quire_v1_TailRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_TailResponse__Output>;
  /**
   * Follows a ledger: streams confirmed entries from from_entry_id on, long-polling the LAC for
   * new ones, in order, without gaps or duplicates. A message with no entries is a heartbeat
   * carrying the current LAC (sent after each long-poll wait that found nothing). The stream
   * ends with OK once the ledger is sealed and every entry up to its last one was sent; it
   * stops when the client cancels or its deadline passes. To resume after a broken stream,
   * call again with from_entry_id = the last received entry id + 1.
   */
  tail(argument: _quire_v1_TailRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_TailResponse__Output>;
  tail(argument: _quire_v1_TailRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_TailResponse__Output>;
  
}

export interface LedgerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Appends one entry. The answer arrives only after at least ack_quorum_size bookies of the
   * entry's write set fsync'd it; the receipt names them. With expected_entry_id the append
   * happens only if the entry would get exactly that id (compare-and-append), else
   * FAILED_PRECONDITION and nothing is written. With (producer_id, sequence) a retry of an
   * acknowledged append - even through another gateway instance - returns the first receipt
   * (duplicate = true) instead of writing again; producer_id needs a ledger created with
   * ENTRY_FORMAT_ENVELOPE (on a raw ledger: FAILED_PRECONDITION, code EXACTLY_ONCE_NOT_ENABLED).
   */
  Append: grpc.handleUnaryCall<_quire_v1_AppendRequest__Output, _quire_v1_DurabilityReceipt>;
  
  /**
   * Appends entries with consecutive ids, all or nothing from the caller's view: on an error,
   * none of them was acknowledged. expected_entry_id applies to the first entry; the sequence
   * number applies to the first entry and counts up by one per entry.
   */
  AppendBatch: grpc.handleUnaryCall<_quire_v1_AppendBatchRequest__Output, _quire_v1_AppendBatchResponse>;
  
  /**
   * The high-throughput path: many appends on one stream, pipelined, acknowledged in the order
   * they were sent. Each request message carries one or more appends (each naming its ledger,
   * each an independent append - not a batch); each response carries one or more receipts, the
   * next ones in send order. Sending several appends per message and reading several receipts
   * per message is what makes the stream fast: per-message costs, not per-entry ones, dominate.
   * On the first failed append the stream ends with that error's status; every append
   * acknowledged before it is durable, appends sent after it have an unknown outcome (retry
   * them with the same producer_id/sequence to stay exactly-once). Trailing metadata
   * `quire-stream-acked` says how many appends the stream acknowledged. The gateway stops
   * reading (HTTP/2 flow control) while too many appends of the stream are in flight.
   */
  AppendStream: grpc.handleBidiStreamingCall<_quire_v1_AppendStreamRequest__Output, _quire_v1_AppendStreamResponse>;
  
  /**
   * Writer's close: seals the ledger at its LAC. Closing a closed ledger returns its end again.
   */
  Close: grpc.handleUnaryCall<_quire_v1_CloseRequest__Output, _quire_v1_SealResult>;
  
  /**
   * Creates a ledger on a fresh ensemble. Unset sizes and digest use the gateway's defaults.
   * The gateway instance that creates a ledger holds its write handle (single writer).
   */
  CreateLedger: grpc.handleUnaryCall<_quire_v1_CreateLedgerRequest__Output, _quire_v1_LedgerInfo>;
  
  /**
   * Deletes the ledger (password checked); its entries become unreachable. Unknown ledger:
   * NOT_FOUND. The instance holding the write handle drops it first, so no append is acked after.
   */
  Delete: grpc.handleUnaryCall<_quire_v1_DeleteRequest__Output, _quire_v1_DeleteResponse>;
  
  /**
   * The last add confirmed; for a sealed (closed) ledger, its last entry.
   */
  GetLastAddConfirmed: grpc.handleUnaryCall<_quire_v1_GetLastAddConfirmedRequest__Output, _quire_v1_GetLastAddConfirmedResponse>;
  
  /**
   * The ledger's metadata and state.
   */
  GetMetadata: grpc.handleUnaryCall<_quire_v1_GetMetadataRequest__Output, _quire_v1_LedgerInfo>;
  
  /**
   * Ledger ids in ascending order, a page at a time (page_size is server-capped).
   */
  List: grpc.handleUnaryCall<_quire_v1_ListRequest__Output, _quire_v1_ListResponse>;
  
  /**
   * Reads one entry. Only confirmed entries (id <= LAC) unless unconfirmed = true.
   * An entry beyond the LAC, or never written, is NOT_FOUND.
   */
  ReadEntry: grpc.handleUnaryCall<_quire_v1_ReadEntryRequest__Output, _quire_v1_Entry>;
  
  /**
   * Streams entries [from_entry_id, to_entry_id] in order, in messages of at most max_bytes
   * (a single larger entry travels alone). The whole call is bounded: at most max_entries
   * entries (server-capped); the last message's next_entry_id says where to resume when the
   * range was cut short. Only confirmed entries unless unconfirmed = true. Stops when the
   * client cancels or its deadline passes; respects HTTP/2 flow control.
   */
  ReadRange: grpc.handleServerStreamingCall<_quire_v1_ReadRangeRequest__Output, _quire_v1_ReadRangeResponse>;
  
  /**
   * Fences the ledger (its writer, wherever it is, can add nothing more), recovers the entries
   * a quorum may hold, closes it and returns the sealed end. Safe to call on a closed ledger.
   */
  Recover: grpc.handleUnaryCall<_quire_v1_RecoverRequest__Output, _quire_v1_SealResult>;
  
  /**
   * Follows a ledger: streams confirmed entries from from_entry_id on, long-polling the LAC for
   * new ones, in order, without gaps or duplicates. A message with no entries is a heartbeat
   * carrying the current LAC (sent after each long-poll wait that found nothing). The stream
   * ends with OK once the ledger is sealed and every entry up to its last one was sent; it
   * stops when the client cancels or its deadline passes. To resume after a broken stream,
   * call again with from_entry_id = the last received entry id + 1.
   */
  Tail: grpc.handleServerStreamingCall<_quire_v1_TailRequest__Output, _quire_v1_TailResponse>;
  
}

export interface LedgerServiceDefinition extends grpc.ServiceDefinition {
  Append: MethodDefinition<_quire_v1_AppendRequest, _quire_v1_DurabilityReceipt, _quire_v1_AppendRequest__Output, _quire_v1_DurabilityReceipt__Output>
  AppendBatch: MethodDefinition<_quire_v1_AppendBatchRequest, _quire_v1_AppendBatchResponse, _quire_v1_AppendBatchRequest__Output, _quire_v1_AppendBatchResponse__Output>
  AppendStream: MethodDefinition<_quire_v1_AppendStreamRequest, _quire_v1_AppendStreamResponse, _quire_v1_AppendStreamRequest__Output, _quire_v1_AppendStreamResponse__Output>
  Close: MethodDefinition<_quire_v1_CloseRequest, _quire_v1_SealResult, _quire_v1_CloseRequest__Output, _quire_v1_SealResult__Output>
  CreateLedger: MethodDefinition<_quire_v1_CreateLedgerRequest, _quire_v1_LedgerInfo, _quire_v1_CreateLedgerRequest__Output, _quire_v1_LedgerInfo__Output>
  Delete: MethodDefinition<_quire_v1_DeleteRequest, _quire_v1_DeleteResponse, _quire_v1_DeleteRequest__Output, _quire_v1_DeleteResponse__Output>
  GetLastAddConfirmed: MethodDefinition<_quire_v1_GetLastAddConfirmedRequest, _quire_v1_GetLastAddConfirmedResponse, _quire_v1_GetLastAddConfirmedRequest__Output, _quire_v1_GetLastAddConfirmedResponse__Output>
  GetMetadata: MethodDefinition<_quire_v1_GetMetadataRequest, _quire_v1_LedgerInfo, _quire_v1_GetMetadataRequest__Output, _quire_v1_LedgerInfo__Output>
  List: MethodDefinition<_quire_v1_ListRequest, _quire_v1_ListResponse, _quire_v1_ListRequest__Output, _quire_v1_ListResponse__Output>
  ReadEntry: MethodDefinition<_quire_v1_ReadEntryRequest, _quire_v1_Entry, _quire_v1_ReadEntryRequest__Output, _quire_v1_Entry__Output>
  ReadRange: MethodDefinition<_quire_v1_ReadRangeRequest, _quire_v1_ReadRangeResponse, _quire_v1_ReadRangeRequest__Output, _quire_v1_ReadRangeResponse__Output>
  Recover: MethodDefinition<_quire_v1_RecoverRequest, _quire_v1_SealResult, _quire_v1_RecoverRequest__Output, _quire_v1_SealResult__Output>
  Tail: MethodDefinition<_quire_v1_TailRequest, _quire_v1_TailResponse, _quire_v1_TailRequest__Output, _quire_v1_TailResponse__Output>
}
