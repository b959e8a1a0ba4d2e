// Original file: proto/quire/v1/log.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdvanceCursorRequest as _quire_v1_AdvanceCursorRequest, AdvanceCursorRequest__Output as _quire_v1_AdvanceCursorRequest__Output } from '../../quire/v1/AdvanceCursorRequest.js';
import type { CreateLogRequest as _quire_v1_CreateLogRequest, CreateLogRequest__Output as _quire_v1_CreateLogRequest__Output } from '../../quire/v1/CreateLogRequest.js';
import type { Cursor as _quire_v1_Cursor, Cursor__Output as _quire_v1_Cursor__Output } from '../../quire/v1/Cursor.js';
import type { DeleteCursorRequest as _quire_v1_DeleteCursorRequest, DeleteCursorRequest__Output as _quire_v1_DeleteCursorRequest__Output } from '../../quire/v1/DeleteCursorRequest.js';
import type { DeleteCursorResponse as _quire_v1_DeleteCursorResponse, DeleteCursorResponse__Output as _quire_v1_DeleteCursorResponse__Output } from '../../quire/v1/DeleteCursorResponse.js';
import type { DeleteLogRequest as _quire_v1_DeleteLogRequest, DeleteLogRequest__Output as _quire_v1_DeleteLogRequest__Output } from '../../quire/v1/DeleteLogRequest.js';
import type { DeleteLogResponse as _quire_v1_DeleteLogResponse, DeleteLogResponse__Output as _quire_v1_DeleteLogResponse__Output } from '../../quire/v1/DeleteLogResponse.js';
import type { EnforceRetentionRequest as _quire_v1_EnforceRetentionRequest, EnforceRetentionRequest__Output as _quire_v1_EnforceRetentionRequest__Output } from '../../quire/v1/EnforceRetentionRequest.js';
import type { GetCursorRequest as _quire_v1_GetCursorRequest, GetCursorRequest__Output as _quire_v1_GetCursorRequest__Output } from '../../quire/v1/GetCursorRequest.js';
import type { GetLogRequest as _quire_v1_GetLogRequest, GetLogRequest__Output as _quire_v1_GetLogRequest__Output } from '../../quire/v1/GetLogRequest.js';
import type { ListCursorsRequest as _quire_v1_ListCursorsRequest, ListCursorsRequest__Output as _quire_v1_ListCursorsRequest__Output } from '../../quire/v1/ListCursorsRequest.js';
import type { ListCursorsResponse as _quire_v1_ListCursorsResponse, ListCursorsResponse__Output as _quire_v1_ListCursorsResponse__Output } from '../../quire/v1/ListCursorsResponse.js';
import type { ListLogsRequest as _quire_v1_ListLogsRequest, ListLogsRequest__Output as _quire_v1_ListLogsRequest__Output } from '../../quire/v1/ListLogsRequest.js';
import type { ListLogsResponse as _quire_v1_ListLogsResponse, ListLogsResponse__Output as _quire_v1_ListLogsResponse__Output } from '../../quire/v1/ListLogsResponse.js';
import type { LogAppendRequest as _quire_v1_LogAppendRequest, LogAppendRequest__Output as _quire_v1_LogAppendRequest__Output } from '../../quire/v1/LogAppendRequest.js';
import type { LogAppendResponse as _quire_v1_LogAppendResponse, LogAppendResponse__Output as _quire_v1_LogAppendResponse__Output } from '../../quire/v1/LogAppendResponse.js';
import type { LogInfo as _quire_v1_LogInfo, LogInfo__Output as _quire_v1_LogInfo__Output } from '../../quire/v1/LogInfo.js';
import type { LogReadRequest as _quire_v1_LogReadRequest, LogReadRequest__Output as _quire_v1_LogReadRequest__Output } from '../../quire/v1/LogReadRequest.js';
import type { LogReadResponse as _quire_v1_LogReadResponse, LogReadResponse__Output as _quire_v1_LogReadResponse__Output } from '../../quire/v1/LogReadResponse.js';
import type { LogTailRequest as _quire_v1_LogTailRequest, LogTailRequest__Output as _quire_v1_LogTailRequest__Output } from '../../quire/v1/LogTailRequest.js';
import type { SeekByTimestampRequest as _quire_v1_SeekByTimestampRequest, SeekByTimestampRequest__Output as _quire_v1_SeekByTimestampRequest__Output } from '../../quire/v1/SeekByTimestampRequest.js';
import type { SeekByTimestampResponse as _quire_v1_SeekByTimestampResponse, SeekByTimestampResponse__Output as _quire_v1_SeekByTimestampResponse__Output } from '../../quire/v1/SeekByTimestampResponse.js';
import type { SetCursorRequest as _quire_v1_SetCursorRequest, SetCursorRequest__Output as _quire_v1_SetCursorRequest__Output } from '../../quire/v1/SetCursorRequest.js';
import type { TruncateLogRequest as _quire_v1_TruncateLogRequest, TruncateLogRequest__Output as _quire_v1_TruncateLogRequest__Output } from '../../quire/v1/TruncateLogRequest.js';
import type { TruncateLogResponse as _quire_v1_TruncateLogResponse, TruncateLogResponse__Output as _quire_v1_TruncateLogResponse__Output } from '../../quire/v1/TruncateLogResponse.js';

export interface LogServiceClient extends grpc.Client {
  /**
   * Acknowledges everything below offset; never moves back.
   */
  AdvanceCursor(argument: _quire_v1_AdvanceCursorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  AdvanceCursor(argument: _quire_v1_AdvanceCursorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  AdvanceCursor(argument: _quire_v1_AdvanceCursorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  AdvanceCursor(argument: _quire_v1_AdvanceCursorRequest, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  /**
   * Acknowledges everything below offset; never moves back.
   */
  advanceCursor(argument: _quire_v1_AdvanceCursorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  advanceCursor(argument: _quire_v1_AdvanceCursorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  advanceCursor(argument: _quire_v1_AdvanceCursorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  advanceCursor(argument: _quire_v1_AdvanceCursorRequest, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  
  /**
   * Appends one or more records (a batch: consecutive offsets, all or nothing from the caller's
   * view). Acknowledged only after every record reached an ack quorum of fsync'd bookies. With
   * (producer_id, sequence) record i has sequence + i and a retry returns the original receipts
   * (duplicate = true); with expected_offset the first record must get that offset, else
   * FAILED_PRECONDITION (APPEND_CONFLICT) and nothing is written.
   */
  Append(argument: _quire_v1_LogAppendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogAppendResponse__Output>): grpc.ClientUnaryCall;
  Append(argument: _quire_v1_LogAppendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LogAppendResponse__Output>): grpc.ClientUnaryCall;
  Append(argument: _quire_v1_LogAppendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogAppendResponse__Output>): grpc.ClientUnaryCall;
  Append(argument: _quire_v1_LogAppendRequest, callback: grpc.requestCallback<_quire_v1_LogAppendResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Appends one or more records (a batch: consecutive offsets, all or nothing from the caller's
   * view). Acknowledged only after every record reached an ack quorum of fsync'd bookies. With
   * (producer_id, sequence) record i has sequence + i and a retry returns the original receipts
   * (duplicate = true); with expected_offset the first record must get that offset, else
   * FAILED_PRECONDITION (APPEND_CONFLICT) and nothing is written.
   */
  append(argument: _quire_v1_LogAppendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogAppendResponse__Output>): grpc.ClientUnaryCall;
  append(argument: _quire_v1_LogAppendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LogAppendResponse__Output>): grpc.ClientUnaryCall;
  append(argument: _quire_v1_LogAppendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogAppendResponse__Output>): grpc.ClientUnaryCall;
  append(argument: _quire_v1_LogAppendRequest, callback: grpc.requestCallback<_quire_v1_LogAppendResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The high-throughput path: appends pipelined on one stream, acknowledged in the order sent.
   * Each request message is one append (one record or a batch, with its own producer/sequence
   * and expected_offset); each response message acknowledges exactly one request message, in
   * order (its receipts: offset, ledger id, entry id, ...). The first failed append ends the stream
   * with that error's status and trailers (quire-error-code, details); every append acknowledged
   * before it is durable, those after it have an unknown outcome (retry them with the same
   * producer_id/sequence to stay exactly-once). Trailer `quire-stream-acked`: appends acknowledged.
   * Flow control: at most `logStreamMaxUnacked` records (default 1000) of one stream are
   * received but not yet acknowledged; beyond that the gateway stops reading the stream and
   * HTTP/2 flow control pushes back on the client.
   */
  AppendStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_quire_v1_LogAppendRequest, _quire_v1_LogAppendResponse__Output>;
  AppendStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_quire_v1_LogAppendRequest, _quire_v1_LogAppendResponse__Output>;
  /**
   * The high-throughput path: appends pipelined on one stream, acknowledged in the order sent.
   * Each request message is one append (one record or a batch, with its own producer/sequence
   * and expected_offset); each response message acknowledges exactly one request message, in
   * order (its receipts: offset, ledger id, entry id, ...). The first failed append ends the stream
   * with that error's status and trailers (quire-error-code, details); every append acknowledged
   * before it is durable, those after it have an unknown outcome (retry them with the same
   * producer_id/sequence to stay exactly-once). Trailer `quire-stream-acked`: appends acknowledged.
   * Flow control: at most `logStreamMaxUnacked` records (default 1000) of one stream are
   * received but not yet acknowledged; beyond that the gateway stops reading the stream and
   * HTTP/2 flow control pushes back on the client.
   */
  appendStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_quire_v1_LogAppendRequest, _quire_v1_LogAppendResponse__Output>;
  appendStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_quire_v1_LogAppendRequest, _quire_v1_LogAppendResponse__Output>;
  
  /**
   * Creates a log; unset sizes, digest and policies use the gateway's defaults. ALREADY_EXISTS
   * (LOG_EXISTS) when the name is taken.
   */
  CreateLog(argument: _quire_v1_CreateLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  CreateLog(argument: _quire_v1_CreateLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  CreateLog(argument: _quire_v1_CreateLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  CreateLog(argument: _quire_v1_CreateLogRequest, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a log; unset sizes, digest and policies use the gateway's defaults. ALREADY_EXISTS
   * (LOG_EXISTS) when the name is taken.
   */
  createLog(argument: _quire_v1_CreateLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  createLog(argument: _quire_v1_CreateLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  createLog(argument: _quire_v1_CreateLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  createLog(argument: _quire_v1_CreateLogRequest, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  
  DeleteCursor(argument: _quire_v1_DeleteCursorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteCursorResponse__Output>): grpc.ClientUnaryCall;
  DeleteCursor(argument: _quire_v1_DeleteCursorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DeleteCursorResponse__Output>): grpc.ClientUnaryCall;
  DeleteCursor(argument: _quire_v1_DeleteCursorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteCursorResponse__Output>): grpc.ClientUnaryCall;
  DeleteCursor(argument: _quire_v1_DeleteCursorRequest, callback: grpc.requestCallback<_quire_v1_DeleteCursorResponse__Output>): grpc.ClientUnaryCall;
  deleteCursor(argument: _quire_v1_DeleteCursorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteCursorResponse__Output>): grpc.ClientUnaryCall;
  deleteCursor(argument: _quire_v1_DeleteCursorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DeleteCursorResponse__Output>): grpc.ClientUnaryCall;
  deleteCursor(argument: _quire_v1_DeleteCursorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteCursorResponse__Output>): grpc.ClientUnaryCall;
  deleteCursor(argument: _quire_v1_DeleteCursorRequest, callback: grpc.requestCallback<_quire_v1_DeleteCursorResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes the log, its segments' ledgers and its cursors.
   */
  DeleteLog(argument: _quire_v1_DeleteLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteLogResponse__Output>): grpc.ClientUnaryCall;
  DeleteLog(argument: _quire_v1_DeleteLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DeleteLogResponse__Output>): grpc.ClientUnaryCall;
  DeleteLog(argument: _quire_v1_DeleteLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteLogResponse__Output>): grpc.ClientUnaryCall;
  DeleteLog(argument: _quire_v1_DeleteLogRequest, callback: grpc.requestCallback<_quire_v1_DeleteLogResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes the log, its segments' ledgers and its cursors.
   */
  deleteLog(argument: _quire_v1_DeleteLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteLogResponse__Output>): grpc.ClientUnaryCall;
  deleteLog(argument: _quire_v1_DeleteLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_DeleteLogResponse__Output>): grpc.ClientUnaryCall;
  deleteLog(argument: _quire_v1_DeleteLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_DeleteLogResponse__Output>): grpc.ClientUnaryCall;
  deleteLog(argument: _quire_v1_DeleteLogRequest, callback: grpc.requestCallback<_quire_v1_DeleteLogResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Applies the retention policy now.
   */
  EnforceRetention(argument: _quire_v1_EnforceRetentionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  EnforceRetention(argument: _quire_v1_EnforceRetentionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  EnforceRetention(argument: _quire_v1_EnforceRetentionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  EnforceRetention(argument: _quire_v1_EnforceRetentionRequest, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Applies the retention policy now.
   */
  enforceRetention(argument: _quire_v1_EnforceRetentionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  enforceRetention(argument: _quire_v1_EnforceRetentionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  enforceRetention(argument: _quire_v1_EnforceRetentionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  enforceRetention(argument: _quire_v1_EnforceRetentionRequest, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * NOT_FOUND (NO_SUCH_CURSOR) when the cursor does not exist.
   */
  GetCursor(argument: _quire_v1_GetCursorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  GetCursor(argument: _quire_v1_GetCursorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  GetCursor(argument: _quire_v1_GetCursorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  GetCursor(argument: _quire_v1_GetCursorRequest, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  /**
   * NOT_FOUND (NO_SUCH_CURSOR) when the cursor does not exist.
   */
  getCursor(argument: _quire_v1_GetCursorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  getCursor(argument: _quire_v1_GetCursorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  getCursor(argument: _quire_v1_GetCursorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  getCursor(argument: _quire_v1_GetCursorRequest, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  
  GetLog(argument: _quire_v1_GetLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  GetLog(argument: _quire_v1_GetLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  GetLog(argument: _quire_v1_GetLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  GetLog(argument: _quire_v1_GetLogRequest, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  getLog(argument: _quire_v1_GetLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  getLog(argument: _quire_v1_GetLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  getLog(argument: _quire_v1_GetLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  getLog(argument: _quire_v1_GetLogRequest, callback: grpc.requestCallback<_quire_v1_LogInfo__Output>): grpc.ClientUnaryCall;
  
  ListCursors(argument: _quire_v1_ListCursorsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListCursorsResponse__Output>): grpc.ClientUnaryCall;
  ListCursors(argument: _quire_v1_ListCursorsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_ListCursorsResponse__Output>): grpc.ClientUnaryCall;
  ListCursors(argument: _quire_v1_ListCursorsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListCursorsResponse__Output>): grpc.ClientUnaryCall;
  ListCursors(argument: _quire_v1_ListCursorsRequest, callback: grpc.requestCallback<_quire_v1_ListCursorsResponse__Output>): grpc.ClientUnaryCall;
  listCursors(argument: _quire_v1_ListCursorsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListCursorsResponse__Output>): grpc.ClientUnaryCall;
  listCursors(argument: _quire_v1_ListCursorsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_ListCursorsResponse__Output>): grpc.ClientUnaryCall;
  listCursors(argument: _quire_v1_ListCursorsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListCursorsResponse__Output>): grpc.ClientUnaryCall;
  listCursors(argument: _quire_v1_ListCursorsRequest, callback: grpc.requestCallback<_quire_v1_ListCursorsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Names sorted, paged: next_page_token (the last name of the page) continues; empty at the end.
   */
  ListLogs(argument: _quire_v1_ListLogsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListLogsResponse__Output>): grpc.ClientUnaryCall;
  ListLogs(argument: _quire_v1_ListLogsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_ListLogsResponse__Output>): grpc.ClientUnaryCall;
  ListLogs(argument: _quire_v1_ListLogsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListLogsResponse__Output>): grpc.ClientUnaryCall;
  ListLogs(argument: _quire_v1_ListLogsRequest, callback: grpc.requestCallback<_quire_v1_ListLogsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Names sorted, paged: next_page_token (the last name of the page) continues; empty at the end.
   */
  listLogs(argument: _quire_v1_ListLogsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListLogsResponse__Output>): grpc.ClientUnaryCall;
  listLogs(argument: _quire_v1_ListLogsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_ListLogsResponse__Output>): grpc.ClientUnaryCall;
  listLogs(argument: _quire_v1_ListLogsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_ListLogsResponse__Output>): grpc.ClientUnaryCall;
  listLogs(argument: _quire_v1_ListLogsRequest, callback: grpc.requestCallback<_quire_v1_ListLogsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * One page of committed records from from_offset, across segments: at most max_records and
   * about max_bytes of payload (server-capped, at least one record). OUT_OF_RANGE below the
   * log's first offset (trailer quire-first-offset). With cursor set (and from_offset unset),
   * reads from that durable cursor's offset.
   */
  Read(argument: _quire_v1_LogReadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _quire_v1_LogReadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LogReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _quire_v1_LogReadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _quire_v1_LogReadRequest, callback: grpc.requestCallback<_quire_v1_LogReadResponse__Output>): grpc.ClientUnaryCall;
  /**
   * One page of committed records from from_offset, across segments: at most max_records and
   * about max_bytes of payload (server-capped, at least one record). OUT_OF_RANGE below the
   * log's first offset (trailer quire-first-offset). With cursor set (and from_offset unset),
   * reads from that durable cursor's offset.
   */
  read(argument: _quire_v1_LogReadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _quire_v1_LogReadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_LogReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _quire_v1_LogReadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_LogReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _quire_v1_LogReadRequest, callback: grpc.requestCallback<_quire_v1_LogReadResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The first offset whose record has timestamp >= timestamp_ms (the end offset when none has).
   */
  SeekByTimestamp(argument: _quire_v1_SeekByTimestampRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SeekByTimestampResponse__Output>): grpc.ClientUnaryCall;
  SeekByTimestamp(argument: _quire_v1_SeekByTimestampRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_SeekByTimestampResponse__Output>): grpc.ClientUnaryCall;
  SeekByTimestamp(argument: _quire_v1_SeekByTimestampRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SeekByTimestampResponse__Output>): grpc.ClientUnaryCall;
  SeekByTimestamp(argument: _quire_v1_SeekByTimestampRequest, callback: grpc.requestCallback<_quire_v1_SeekByTimestampResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The first offset whose record has timestamp >= timestamp_ms (the end offset when none has).
   */
  seekByTimestamp(argument: _quire_v1_SeekByTimestampRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SeekByTimestampResponse__Output>): grpc.ClientUnaryCall;
  seekByTimestamp(argument: _quire_v1_SeekByTimestampRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_SeekByTimestampResponse__Output>): grpc.ClientUnaryCall;
  seekByTimestamp(argument: _quire_v1_SeekByTimestampRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_SeekByTimestampResponse__Output>): grpc.ClientUnaryCall;
  seekByTimestamp(argument: _quire_v1_SeekByTimestampRequest, callback: grpc.requestCallback<_quire_v1_SeekByTimestampResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Compare-and-set: expected_version -1 creates only, n writes only at version n, unset writes
   * unconditionally; FAILED_PRECONDITION (CURSOR_CONFLICT) otherwise.
   */
  SetCursor(argument: _quire_v1_SetCursorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  SetCursor(argument: _quire_v1_SetCursorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  SetCursor(argument: _quire_v1_SetCursorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  SetCursor(argument: _quire_v1_SetCursorRequest, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  /**
   * Compare-and-set: expected_version -1 creates only, n writes only at version n, unset writes
   * unconditionally; FAILED_PRECONDITION (CURSOR_CONFLICT) otherwise.
   */
  setCursor(argument: _quire_v1_SetCursorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  setCursor(argument: _quire_v1_SetCursorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  setCursor(argument: _quire_v1_SetCursorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  setCursor(argument: _quire_v1_SetCursorRequest, callback: grpc.requestCallback<_quire_v1_Cursor__Output>): grpc.ClientUnaryCall;
  
  /**
   * Follows a log: streams committed records from from_offset (or from a cursor's offset) on,
   * across segments and rollovers, in order, without gaps or duplicates. A message with no
   * records is a heartbeat after a wait that found nothing (carries end_offset). Stops when the
   * client cancels or its deadline passes; to resume call again from the last offset + 1.
   */
  Tail(argument: _quire_v1_LogTailRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_LogReadResponse__Output>;
  Tail(argument: _quire_v1_LogTailRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_LogReadResponse__Output>;
  /**
   * Follows a log: streams committed records from from_offset (or from a cursor's offset) on,
   * across segments and rollovers, in order, without gaps or duplicates. A message with no
   * records is a heartbeat after a wait that found nothing (carries end_offset). Stops when the
   * client cancels or its deadline passes; to resume call again from the last offset + 1.
   */
  tail(argument: _quire_v1_LogTailRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_LogReadResponse__Output>;
  tail(argument: _quire_v1_LogTailRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_quire_v1_LogReadResponse__Output>;
  
  /**
   * Drops every record below before_offset (whole segments are deleted).
   */
  Truncate(argument: _quire_v1_TruncateLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  Truncate(argument: _quire_v1_TruncateLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  Truncate(argument: _quire_v1_TruncateLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  Truncate(argument: _quire_v1_TruncateLogRequest, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Drops every record below before_offset (whole segments are deleted).
   */
  truncate(argument: _quire_v1_TruncateLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  truncate(argument: _quire_v1_TruncateLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  truncate(argument: _quire_v1_TruncateLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  truncate(argument: _quire_v1_TruncateLogRequest, callback: grpc.requestCallback<_quire_v1_TruncateLogResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface LogServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Acknowledges everything below offset; never moves back.
   */
  AdvanceCursor: grpc.handleUnaryCall<_quire_v1_AdvanceCursorRequest__Output, _quire_v1_Cursor>;
  
  /**
   * Appends one or more records (a batch: consecutive offsets, all or nothing from the caller's
   * view). Acknowledged only after every record reached an ack quorum of fsync'd bookies. With
   * (producer_id, sequence) record i has sequence + i and a retry returns the original receipts
   * (duplicate = true); with expected_offset the first record must get that offset, else
   * FAILED_PRECONDITION (APPEND_CONFLICT) and nothing is written.
   */
  Append: grpc.handleUnaryCall<_quire_v1_LogAppendRequest__Output, _quire_v1_LogAppendResponse>;
  
  /**
   * The high-throughput path: appends pipelined on one stream, acknowledged in the order sent.
   * Each request message is one append (one record or a batch, with its own producer/sequence
   * and expected_offset); each response message acknowledges exactly one request message, in
   * order (its receipts: offset, ledger id, entry id, ...). The first failed append ends the stream
   * with that error's status and trailers (quire-error-code, details); every append acknowledged
   * before it is durable, those after it have an unknown outcome (retry them with the same
   * producer_id/sequence to stay exactly-once). Trailer `quire-stream-acked`: appends acknowledged.
   * Flow control: at most `logStreamMaxUnacked` records (default 1000) of one stream are
   * received but not yet acknowledged; beyond that the gateway stops reading the stream and
   * HTTP/2 flow control pushes back on the client.
   */
  AppendStream: grpc.handleBidiStreamingCall<_quire_v1_LogAppendRequest__Output, _quire_v1_LogAppendResponse>;
  
  /**
   * Creates a log; unset sizes, digest and policies use the gateway's defaults. ALREADY_EXISTS
   * (LOG_EXISTS) when the name is taken.
   */
  CreateLog: grpc.handleUnaryCall<_quire_v1_CreateLogRequest__Output, _quire_v1_LogInfo>;
  
  DeleteCursor: grpc.handleUnaryCall<_quire_v1_DeleteCursorRequest__Output, _quire_v1_DeleteCursorResponse>;
  
  /**
   * Deletes the log, its segments' ledgers and its cursors.
   */
  DeleteLog: grpc.handleUnaryCall<_quire_v1_DeleteLogRequest__Output, _quire_v1_DeleteLogResponse>;
  
  /**
   * Applies the retention policy now.
   */
  EnforceRetention: grpc.handleUnaryCall<_quire_v1_EnforceRetentionRequest__Output, _quire_v1_TruncateLogResponse>;
  
  /**
   * NOT_FOUND (NO_SUCH_CURSOR) when the cursor does not exist.
   */
  GetCursor: grpc.handleUnaryCall<_quire_v1_GetCursorRequest__Output, _quire_v1_Cursor>;
  
  GetLog: grpc.handleUnaryCall<_quire_v1_GetLogRequest__Output, _quire_v1_LogInfo>;
  
  ListCursors: grpc.handleUnaryCall<_quire_v1_ListCursorsRequest__Output, _quire_v1_ListCursorsResponse>;
  
  /**
   * Names sorted, paged: next_page_token (the last name of the page) continues; empty at the end.
   */
  ListLogs: grpc.handleUnaryCall<_quire_v1_ListLogsRequest__Output, _quire_v1_ListLogsResponse>;
  
  /**
   * One page of committed records from from_offset, across segments: at most max_records and
   * about max_bytes of payload (server-capped, at least one record). OUT_OF_RANGE below the
   * log's first offset (trailer quire-first-offset). With cursor set (and from_offset unset),
   * reads from that durable cursor's offset.
   */
  Read: grpc.handleUnaryCall<_quire_v1_LogReadRequest__Output, _quire_v1_LogReadResponse>;
  
  /**
   * The first offset whose record has timestamp >= timestamp_ms (the end offset when none has).
   */
  SeekByTimestamp: grpc.handleUnaryCall<_quire_v1_SeekByTimestampRequest__Output, _quire_v1_SeekByTimestampResponse>;
  
  /**
   * Compare-and-set: expected_version -1 creates only, n writes only at version n, unset writes
   * unconditionally; FAILED_PRECONDITION (CURSOR_CONFLICT) otherwise.
   */
  SetCursor: grpc.handleUnaryCall<_quire_v1_SetCursorRequest__Output, _quire_v1_Cursor>;
  
  /**
   * Follows a log: streams committed records from from_offset (or from a cursor's offset) on,
   * across segments and rollovers, in order, without gaps or duplicates. A message with no
   * records is a heartbeat after a wait that found nothing (carries end_offset). Stops when the
   * client cancels or its deadline passes; to resume call again from the last offset + 1.
   */
  Tail: grpc.handleServerStreamingCall<_quire_v1_LogTailRequest__Output, _quire_v1_LogReadResponse>;
  
  /**
   * Drops every record below before_offset (whole segments are deleted).
   */
  Truncate: grpc.handleUnaryCall<_quire_v1_TruncateLogRequest__Output, _quire_v1_TruncateLogResponse>;
  
}

export interface LogServiceDefinition extends grpc.ServiceDefinition {
  AdvanceCursor: MethodDefinition<_quire_v1_AdvanceCursorRequest, _quire_v1_Cursor, _quire_v1_AdvanceCursorRequest__Output, _quire_v1_Cursor__Output>
  Append: MethodDefinition<_quire_v1_LogAppendRequest, _quire_v1_LogAppendResponse, _quire_v1_LogAppendRequest__Output, _quire_v1_LogAppendResponse__Output>
  AppendStream: MethodDefinition<_quire_v1_LogAppendRequest, _quire_v1_LogAppendResponse, _quire_v1_LogAppendRequest__Output, _quire_v1_LogAppendResponse__Output>
  CreateLog: MethodDefinition<_quire_v1_CreateLogRequest, _quire_v1_LogInfo, _quire_v1_CreateLogRequest__Output, _quire_v1_LogInfo__Output>
  DeleteCursor: MethodDefinition<_quire_v1_DeleteCursorRequest, _quire_v1_DeleteCursorResponse, _quire_v1_DeleteCursorRequest__Output, _quire_v1_DeleteCursorResponse__Output>
  DeleteLog: MethodDefinition<_quire_v1_DeleteLogRequest, _quire_v1_DeleteLogResponse, _quire_v1_DeleteLogRequest__Output, _quire_v1_DeleteLogResponse__Output>
  EnforceRetention: MethodDefinition<_quire_v1_EnforceRetentionRequest, _quire_v1_TruncateLogResponse, _quire_v1_EnforceRetentionRequest__Output, _quire_v1_TruncateLogResponse__Output>
  GetCursor: MethodDefinition<_quire_v1_GetCursorRequest, _quire_v1_Cursor, _quire_v1_GetCursorRequest__Output, _quire_v1_Cursor__Output>
  GetLog: MethodDefinition<_quire_v1_GetLogRequest, _quire_v1_LogInfo, _quire_v1_GetLogRequest__Output, _quire_v1_LogInfo__Output>
  ListCursors: MethodDefinition<_quire_v1_ListCursorsRequest, _quire_v1_ListCursorsResponse, _quire_v1_ListCursorsRequest__Output, _quire_v1_ListCursorsResponse__Output>
  ListLogs: MethodDefinition<_quire_v1_ListLogsRequest, _quire_v1_ListLogsResponse, _quire_v1_ListLogsRequest__Output, _quire_v1_ListLogsResponse__Output>
  Read: MethodDefinition<_quire_v1_LogReadRequest, _quire_v1_LogReadResponse, _quire_v1_LogReadRequest__Output, _quire_v1_LogReadResponse__Output>
  SeekByTimestamp: MethodDefinition<_quire_v1_SeekByTimestampRequest, _quire_v1_SeekByTimestampResponse, _quire_v1_SeekByTimestampRequest__Output, _quire_v1_SeekByTimestampResponse__Output>
  SetCursor: MethodDefinition<_quire_v1_SetCursorRequest, _quire_v1_Cursor, _quire_v1_SetCursorRequest__Output, _quire_v1_Cursor__Output>
  Tail: MethodDefinition<_quire_v1_LogTailRequest, _quire_v1_LogReadResponse, _quire_v1_LogTailRequest__Output, _quire_v1_LogReadResponse__Output>
  Truncate: MethodDefinition<_quire_v1_TruncateLogRequest, _quire_v1_TruncateLogResponse, _quire_v1_TruncateLogRequest__Output, _quire_v1_TruncateLogResponse__Output>
}
