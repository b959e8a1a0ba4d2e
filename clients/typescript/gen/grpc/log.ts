import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdvanceCursorRequest as _quire_v1_AdvanceCursorRequest, AdvanceCursorRequest__Output as _quire_v1_AdvanceCursorRequest__Output } from './quire/v1/AdvanceCursorRequest.js';
import type { AppendBatchRequest as _quire_v1_AppendBatchRequest, AppendBatchRequest__Output as _quire_v1_AppendBatchRequest__Output } from './quire/v1/AppendBatchRequest.js';
import type { AppendBatchResponse as _quire_v1_AppendBatchResponse, AppendBatchResponse__Output as _quire_v1_AppendBatchResponse__Output } from './quire/v1/AppendBatchResponse.js';
import type { AppendRequest as _quire_v1_AppendRequest, AppendRequest__Output as _quire_v1_AppendRequest__Output } from './quire/v1/AppendRequest.js';
import type { AppendStreamRequest as _quire_v1_AppendStreamRequest, AppendStreamRequest__Output as _quire_v1_AppendStreamRequest__Output } from './quire/v1/AppendStreamRequest.js';
import type { AppendStreamResponse as _quire_v1_AppendStreamResponse, AppendStreamResponse__Output as _quire_v1_AppendStreamResponse__Output } from './quire/v1/AppendStreamResponse.js';
import type { CloseRequest as _quire_v1_CloseRequest, CloseRequest__Output as _quire_v1_CloseRequest__Output } from './quire/v1/CloseRequest.js';
import type { CreateLedgerRequest as _quire_v1_CreateLedgerRequest, CreateLedgerRequest__Output as _quire_v1_CreateLedgerRequest__Output } from './quire/v1/CreateLedgerRequest.js';
import type { CreateLogRequest as _quire_v1_CreateLogRequest, CreateLogRequest__Output as _quire_v1_CreateLogRequest__Output } from './quire/v1/CreateLogRequest.js';
import type { Cursor as _quire_v1_Cursor, Cursor__Output as _quire_v1_Cursor__Output } from './quire/v1/Cursor.js';
import type { DeleteCursorRequest as _quire_v1_DeleteCursorRequest, DeleteCursorRequest__Output as _quire_v1_DeleteCursorRequest__Output } from './quire/v1/DeleteCursorRequest.js';
import type { DeleteCursorResponse as _quire_v1_DeleteCursorResponse, DeleteCursorResponse__Output as _quire_v1_DeleteCursorResponse__Output } from './quire/v1/DeleteCursorResponse.js';
import type { DeleteLogRequest as _quire_v1_DeleteLogRequest, DeleteLogRequest__Output as _quire_v1_DeleteLogRequest__Output } from './quire/v1/DeleteLogRequest.js';
import type { DeleteLogResponse as _quire_v1_DeleteLogResponse, DeleteLogResponse__Output as _quire_v1_DeleteLogResponse__Output } from './quire/v1/DeleteLogResponse.js';
import type { DeleteRequest as _quire_v1_DeleteRequest, DeleteRequest__Output as _quire_v1_DeleteRequest__Output } from './quire/v1/DeleteRequest.js';
import type { DeleteResponse as _quire_v1_DeleteResponse, DeleteResponse__Output as _quire_v1_DeleteResponse__Output } from './quire/v1/DeleteResponse.js';
import type { DurabilityReceipt as _quire_v1_DurabilityReceipt, DurabilityReceipt__Output as _quire_v1_DurabilityReceipt__Output } from './quire/v1/DurabilityReceipt.js';
import type { EnforceRetentionRequest as _quire_v1_EnforceRetentionRequest, EnforceRetentionRequest__Output as _quire_v1_EnforceRetentionRequest__Output } from './quire/v1/EnforceRetentionRequest.js';
import type { Entry as _quire_v1_Entry, Entry__Output as _quire_v1_Entry__Output } from './quire/v1/Entry.js';
import type { GetCursorRequest as _quire_v1_GetCursorRequest, GetCursorRequest__Output as _quire_v1_GetCursorRequest__Output } from './quire/v1/GetCursorRequest.js';
import type { GetLastAddConfirmedRequest as _quire_v1_GetLastAddConfirmedRequest, GetLastAddConfirmedRequest__Output as _quire_v1_GetLastAddConfirmedRequest__Output } from './quire/v1/GetLastAddConfirmedRequest.js';
import type { GetLastAddConfirmedResponse as _quire_v1_GetLastAddConfirmedResponse, GetLastAddConfirmedResponse__Output as _quire_v1_GetLastAddConfirmedResponse__Output } from './quire/v1/GetLastAddConfirmedResponse.js';
import type { GetLogRequest as _quire_v1_GetLogRequest, GetLogRequest__Output as _quire_v1_GetLogRequest__Output } from './quire/v1/GetLogRequest.js';
import type { GetMetadataRequest as _quire_v1_GetMetadataRequest, GetMetadataRequest__Output as _quire_v1_GetMetadataRequest__Output } from './quire/v1/GetMetadataRequest.js';
import type { LedgerInfo as _quire_v1_LedgerInfo, LedgerInfo__Output as _quire_v1_LedgerInfo__Output } from './quire/v1/LedgerInfo.js';
import type { LedgerServiceClient as _quire_v1_LedgerServiceClient, LedgerServiceDefinition as _quire_v1_LedgerServiceDefinition } from './quire/v1/LedgerService.js';
import type { ListCursorsRequest as _quire_v1_ListCursorsRequest, ListCursorsRequest__Output as _quire_v1_ListCursorsRequest__Output } from './quire/v1/ListCursorsRequest.js';
import type { ListCursorsResponse as _quire_v1_ListCursorsResponse, ListCursorsResponse__Output as _quire_v1_ListCursorsResponse__Output } from './quire/v1/ListCursorsResponse.js';
import type { ListLogsRequest as _quire_v1_ListLogsRequest, ListLogsRequest__Output as _quire_v1_ListLogsRequest__Output } from './quire/v1/ListLogsRequest.js';
import type { ListLogsResponse as _quire_v1_ListLogsResponse, ListLogsResponse__Output as _quire_v1_ListLogsResponse__Output } from './quire/v1/ListLogsResponse.js';
import type { ListRequest as _quire_v1_ListRequest, ListRequest__Output as _quire_v1_ListRequest__Output } from './quire/v1/ListRequest.js';
import type { ListResponse as _quire_v1_ListResponse, ListResponse__Output as _quire_v1_ListResponse__Output } from './quire/v1/ListResponse.js';
import type { LogAppendRequest as _quire_v1_LogAppendRequest, LogAppendRequest__Output as _quire_v1_LogAppendRequest__Output } from './quire/v1/LogAppendRequest.js';
import type { LogAppendResponse as _quire_v1_LogAppendResponse, LogAppendResponse__Output as _quire_v1_LogAppendResponse__Output } from './quire/v1/LogAppendResponse.js';
import type { LogInfo as _quire_v1_LogInfo, LogInfo__Output as _quire_v1_LogInfo__Output } from './quire/v1/LogInfo.js';
import type { LogReadRequest as _quire_v1_LogReadRequest, LogReadRequest__Output as _quire_v1_LogReadRequest__Output } from './quire/v1/LogReadRequest.js';
import type { LogReadResponse as _quire_v1_LogReadResponse, LogReadResponse__Output as _quire_v1_LogReadResponse__Output } from './quire/v1/LogReadResponse.js';
import type { LogReceipt as _quire_v1_LogReceipt, LogReceipt__Output as _quire_v1_LogReceipt__Output } from './quire/v1/LogReceipt.js';
import type { LogRecord as _quire_v1_LogRecord, LogRecord__Output as _quire_v1_LogRecord__Output } from './quire/v1/LogRecord.js';
import type { LogRetentionPolicy as _quire_v1_LogRetentionPolicy, LogRetentionPolicy__Output as _quire_v1_LogRetentionPolicy__Output } from './quire/v1/LogRetentionPolicy.js';
import type { LogRolloverPolicy as _quire_v1_LogRolloverPolicy, LogRolloverPolicy__Output as _quire_v1_LogRolloverPolicy__Output } from './quire/v1/LogRolloverPolicy.js';
import type { LogSegment as _quire_v1_LogSegment, LogSegment__Output as _quire_v1_LogSegment__Output } from './quire/v1/LogSegment.js';
import type { LogServiceClient as _quire_v1_LogServiceClient, LogServiceDefinition as _quire_v1_LogServiceDefinition } from './quire/v1/LogService.js';
import type { LogTailRequest as _quire_v1_LogTailRequest, LogTailRequest__Output as _quire_v1_LogTailRequest__Output } from './quire/v1/LogTailRequest.js';
import type { ReadEntryRequest as _quire_v1_ReadEntryRequest, ReadEntryRequest__Output as _quire_v1_ReadEntryRequest__Output } from './quire/v1/ReadEntryRequest.js';
import type { ReadRangeRequest as _quire_v1_ReadRangeRequest, ReadRangeRequest__Output as _quire_v1_ReadRangeRequest__Output } from './quire/v1/ReadRangeRequest.js';
import type { ReadRangeResponse as _quire_v1_ReadRangeResponse, ReadRangeResponse__Output as _quire_v1_ReadRangeResponse__Output } from './quire/v1/ReadRangeResponse.js';
import type { RecordHeader as _quire_v1_RecordHeader, RecordHeader__Output as _quire_v1_RecordHeader__Output } from './quire/v1/RecordHeader.js';
import type { RecordInput as _quire_v1_RecordInput, RecordInput__Output as _quire_v1_RecordInput__Output } from './quire/v1/RecordInput.js';
import type { RecoverRequest as _quire_v1_RecoverRequest, RecoverRequest__Output as _quire_v1_RecoverRequest__Output } from './quire/v1/RecoverRequest.js';
import type { SealResult as _quire_v1_SealResult, SealResult__Output as _quire_v1_SealResult__Output } from './quire/v1/SealResult.js';
import type { SeekByTimestampRequest as _quire_v1_SeekByTimestampRequest, SeekByTimestampRequest__Output as _quire_v1_SeekByTimestampRequest__Output } from './quire/v1/SeekByTimestampRequest.js';
import type { SeekByTimestampResponse as _quire_v1_SeekByTimestampResponse, SeekByTimestampResponse__Output as _quire_v1_SeekByTimestampResponse__Output } from './quire/v1/SeekByTimestampResponse.js';
import type { Segment as _quire_v1_Segment, Segment__Output as _quire_v1_Segment__Output } from './quire/v1/Segment.js';
import type { SetCursorRequest as _quire_v1_SetCursorRequest, SetCursorRequest__Output as _quire_v1_SetCursorRequest__Output } from './quire/v1/SetCursorRequest.js';
import type { TailRequest as _quire_v1_TailRequest, TailRequest__Output as _quire_v1_TailRequest__Output } from './quire/v1/TailRequest.js';
import type { TailResponse as _quire_v1_TailResponse, TailResponse__Output as _quire_v1_TailResponse__Output } from './quire/v1/TailResponse.js';
import type { TruncateLogRequest as _quire_v1_TruncateLogRequest, TruncateLogRequest__Output as _quire_v1_TruncateLogRequest__Output } from './quire/v1/TruncateLogRequest.js';
import type { TruncateLogResponse as _quire_v1_TruncateLogResponse, TruncateLogResponse__Output as _quire_v1_TruncateLogResponse__Output } from './quire/v1/TruncateLogResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  quire: {
    v1: {
      AdvanceCursorRequest: MessageTypeDefinition<_quire_v1_AdvanceCursorRequest, _quire_v1_AdvanceCursorRequest__Output>
      AppendBatchRequest: MessageTypeDefinition<_quire_v1_AppendBatchRequest, _quire_v1_AppendBatchRequest__Output>
      AppendBatchResponse: MessageTypeDefinition<_quire_v1_AppendBatchResponse, _quire_v1_AppendBatchResponse__Output>
      AppendRequest: MessageTypeDefinition<_quire_v1_AppendRequest, _quire_v1_AppendRequest__Output>
      AppendStreamRequest: MessageTypeDefinition<_quire_v1_AppendStreamRequest, _quire_v1_AppendStreamRequest__Output>
      AppendStreamResponse: MessageTypeDefinition<_quire_v1_AppendStreamResponse, _quire_v1_AppendStreamResponse__Output>
      CloseRequest: MessageTypeDefinition<_quire_v1_CloseRequest, _quire_v1_CloseRequest__Output>
      CreateLedgerRequest: MessageTypeDefinition<_quire_v1_CreateLedgerRequest, _quire_v1_CreateLedgerRequest__Output>
      CreateLogRequest: MessageTypeDefinition<_quire_v1_CreateLogRequest, _quire_v1_CreateLogRequest__Output>
      Cursor: MessageTypeDefinition<_quire_v1_Cursor, _quire_v1_Cursor__Output>
      DeleteCursorRequest: MessageTypeDefinition<_quire_v1_DeleteCursorRequest, _quire_v1_DeleteCursorRequest__Output>
      DeleteCursorResponse: MessageTypeDefinition<_quire_v1_DeleteCursorResponse, _quire_v1_DeleteCursorResponse__Output>
      DeleteLogRequest: MessageTypeDefinition<_quire_v1_DeleteLogRequest, _quire_v1_DeleteLogRequest__Output>
      DeleteLogResponse: MessageTypeDefinition<_quire_v1_DeleteLogResponse, _quire_v1_DeleteLogResponse__Output>
      DeleteRequest: MessageTypeDefinition<_quire_v1_DeleteRequest, _quire_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_quire_v1_DeleteResponse, _quire_v1_DeleteResponse__Output>
      DigestType: EnumTypeDefinition
      DurabilityReceipt: MessageTypeDefinition<_quire_v1_DurabilityReceipt, _quire_v1_DurabilityReceipt__Output>
      EnforceRetentionRequest: MessageTypeDefinition<_quire_v1_EnforceRetentionRequest, _quire_v1_EnforceRetentionRequest__Output>
      Entry: MessageTypeDefinition<_quire_v1_Entry, _quire_v1_Entry__Output>
      EntryFormat: EnumTypeDefinition
      GetCursorRequest: MessageTypeDefinition<_quire_v1_GetCursorRequest, _quire_v1_GetCursorRequest__Output>
      GetLastAddConfirmedRequest: MessageTypeDefinition<_quire_v1_GetLastAddConfirmedRequest, _quire_v1_GetLastAddConfirmedRequest__Output>
      GetLastAddConfirmedResponse: MessageTypeDefinition<_quire_v1_GetLastAddConfirmedResponse, _quire_v1_GetLastAddConfirmedResponse__Output>
      GetLogRequest: MessageTypeDefinition<_quire_v1_GetLogRequest, _quire_v1_GetLogRequest__Output>
      GetMetadataRequest: MessageTypeDefinition<_quire_v1_GetMetadataRequest, _quire_v1_GetMetadataRequest__Output>
      LedgerInfo: MessageTypeDefinition<_quire_v1_LedgerInfo, _quire_v1_LedgerInfo__Output>
      LedgerService: SubtypeConstructor<typeof grpc.Client, _quire_v1_LedgerServiceClient> & { service: _quire_v1_LedgerServiceDefinition }
      LedgerState: EnumTypeDefinition
      ListCursorsRequest: MessageTypeDefinition<_quire_v1_ListCursorsRequest, _quire_v1_ListCursorsRequest__Output>
      ListCursorsResponse: MessageTypeDefinition<_quire_v1_ListCursorsResponse, _quire_v1_ListCursorsResponse__Output>
      ListLogsRequest: MessageTypeDefinition<_quire_v1_ListLogsRequest, _quire_v1_ListLogsRequest__Output>
      ListLogsResponse: MessageTypeDefinition<_quire_v1_ListLogsResponse, _quire_v1_ListLogsResponse__Output>
      ListRequest: MessageTypeDefinition<_quire_v1_ListRequest, _quire_v1_ListRequest__Output>
      ListResponse: MessageTypeDefinition<_quire_v1_ListResponse, _quire_v1_ListResponse__Output>
      LogAppendRequest: MessageTypeDefinition<_quire_v1_LogAppendRequest, _quire_v1_LogAppendRequest__Output>
      LogAppendResponse: MessageTypeDefinition<_quire_v1_LogAppendResponse, _quire_v1_LogAppendResponse__Output>
      LogInfo: MessageTypeDefinition<_quire_v1_LogInfo, _quire_v1_LogInfo__Output>
      LogReadRequest: MessageTypeDefinition<_quire_v1_LogReadRequest, _quire_v1_LogReadRequest__Output>
      LogReadResponse: MessageTypeDefinition<_quire_v1_LogReadResponse, _quire_v1_LogReadResponse__Output>
      LogReceipt: MessageTypeDefinition<_quire_v1_LogReceipt, _quire_v1_LogReceipt__Output>
      LogRecord: MessageTypeDefinition<_quire_v1_LogRecord, _quire_v1_LogRecord__Output>
      LogRetentionPolicy: MessageTypeDefinition<_quire_v1_LogRetentionPolicy, _quire_v1_LogRetentionPolicy__Output>
      LogRolloverPolicy: MessageTypeDefinition<_quire_v1_LogRolloverPolicy, _quire_v1_LogRolloverPolicy__Output>
      LogSegment: MessageTypeDefinition<_quire_v1_LogSegment, _quire_v1_LogSegment__Output>
      LogService: SubtypeConstructor<typeof grpc.Client, _quire_v1_LogServiceClient> & { service: _quire_v1_LogServiceDefinition }
      LogTailRequest: MessageTypeDefinition<_quire_v1_LogTailRequest, _quire_v1_LogTailRequest__Output>
      ReadEntryRequest: MessageTypeDefinition<_quire_v1_ReadEntryRequest, _quire_v1_ReadEntryRequest__Output>
      ReadRangeRequest: MessageTypeDefinition<_quire_v1_ReadRangeRequest, _quire_v1_ReadRangeRequest__Output>
      ReadRangeResponse: MessageTypeDefinition<_quire_v1_ReadRangeResponse, _quire_v1_ReadRangeResponse__Output>
      RecordHeader: MessageTypeDefinition<_quire_v1_RecordHeader, _quire_v1_RecordHeader__Output>
      RecordInput: MessageTypeDefinition<_quire_v1_RecordInput, _quire_v1_RecordInput__Output>
      RecoverRequest: MessageTypeDefinition<_quire_v1_RecoverRequest, _quire_v1_RecoverRequest__Output>
      SealResult: MessageTypeDefinition<_quire_v1_SealResult, _quire_v1_SealResult__Output>
      SeekByTimestampRequest: MessageTypeDefinition<_quire_v1_SeekByTimestampRequest, _quire_v1_SeekByTimestampRequest__Output>
      SeekByTimestampResponse: MessageTypeDefinition<_quire_v1_SeekByTimestampResponse, _quire_v1_SeekByTimestampResponse__Output>
      Segment: MessageTypeDefinition<_quire_v1_Segment, _quire_v1_Segment__Output>
      SetCursorRequest: MessageTypeDefinition<_quire_v1_SetCursorRequest, _quire_v1_SetCursorRequest__Output>
      TailRequest: MessageTypeDefinition<_quire_v1_TailRequest, _quire_v1_TailRequest__Output>
      TailResponse: MessageTypeDefinition<_quire_v1_TailResponse, _quire_v1_TailResponse__Output>
      TruncateLogRequest: MessageTypeDefinition<_quire_v1_TruncateLogRequest, _quire_v1_TruncateLogRequest__Output>
      TruncateLogResponse: MessageTypeDefinition<_quire_v1_TruncateLogResponse, _quire_v1_TruncateLogResponse__Output>
    }
  }
}

