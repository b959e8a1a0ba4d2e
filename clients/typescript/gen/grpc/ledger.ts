import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AppendBatchRequest as _quire_v1_AppendBatchRequest, AppendBatchRequest__Output as _quire_v1_AppendBatchRequest__Output } from './quire/v1/AppendBatchRequest.js';
import type { AppendBatchResponse as _quire_v1_AppendBatchResponse, AppendBatchResponse__Output as _quire_v1_AppendBatchResponse__Output } from './quire/v1/AppendBatchResponse.js';
import type { AppendRequest as _quire_v1_AppendRequest, AppendRequest__Output as _quire_v1_AppendRequest__Output } from './quire/v1/AppendRequest.js';
import type { AppendStreamRequest as _quire_v1_AppendStreamRequest, AppendStreamRequest__Output as _quire_v1_AppendStreamRequest__Output } from './quire/v1/AppendStreamRequest.js';
import type { AppendStreamResponse as _quire_v1_AppendStreamResponse, AppendStreamResponse__Output as _quire_v1_AppendStreamResponse__Output } from './quire/v1/AppendStreamResponse.js';
import type { CloseRequest as _quire_v1_CloseRequest, CloseRequest__Output as _quire_v1_CloseRequest__Output } from './quire/v1/CloseRequest.js';
import type { CreateLedgerRequest as _quire_v1_CreateLedgerRequest, CreateLedgerRequest__Output as _quire_v1_CreateLedgerRequest__Output } from './quire/v1/CreateLedgerRequest.js';
import type { DeleteRequest as _quire_v1_DeleteRequest, DeleteRequest__Output as _quire_v1_DeleteRequest__Output } from './quire/v1/DeleteRequest.js';
import type { DeleteResponse as _quire_v1_DeleteResponse, DeleteResponse__Output as _quire_v1_DeleteResponse__Output } from './quire/v1/DeleteResponse.js';
import type { DurabilityReceipt as _quire_v1_DurabilityReceipt, DurabilityReceipt__Output as _quire_v1_DurabilityReceipt__Output } from './quire/v1/DurabilityReceipt.js';
import type { Entry as _quire_v1_Entry, Entry__Output as _quire_v1_Entry__Output } from './quire/v1/Entry.js';
import type { GetLastAddConfirmedRequest as _quire_v1_GetLastAddConfirmedRequest, GetLastAddConfirmedRequest__Output as _quire_v1_GetLastAddConfirmedRequest__Output } from './quire/v1/GetLastAddConfirmedRequest.js';
import type { GetLastAddConfirmedResponse as _quire_v1_GetLastAddConfirmedResponse, GetLastAddConfirmedResponse__Output as _quire_v1_GetLastAddConfirmedResponse__Output } from './quire/v1/GetLastAddConfirmedResponse.js';
import type { GetMetadataRequest as _quire_v1_GetMetadataRequest, GetMetadataRequest__Output as _quire_v1_GetMetadataRequest__Output } from './quire/v1/GetMetadataRequest.js';
import type { LedgerInfo as _quire_v1_LedgerInfo, LedgerInfo__Output as _quire_v1_LedgerInfo__Output } from './quire/v1/LedgerInfo.js';
import type { LedgerServiceClient as _quire_v1_LedgerServiceClient, LedgerServiceDefinition as _quire_v1_LedgerServiceDefinition } from './quire/v1/LedgerService.js';
import type { ListRequest as _quire_v1_ListRequest, ListRequest__Output as _quire_v1_ListRequest__Output } from './quire/v1/ListRequest.js';
import type { ListResponse as _quire_v1_ListResponse, ListResponse__Output as _quire_v1_ListResponse__Output } from './quire/v1/ListResponse.js';
import type { ReadEntryRequest as _quire_v1_ReadEntryRequest, ReadEntryRequest__Output as _quire_v1_ReadEntryRequest__Output } from './quire/v1/ReadEntryRequest.js';
import type { ReadRangeRequest as _quire_v1_ReadRangeRequest, ReadRangeRequest__Output as _quire_v1_ReadRangeRequest__Output } from './quire/v1/ReadRangeRequest.js';
import type { ReadRangeResponse as _quire_v1_ReadRangeResponse, ReadRangeResponse__Output as _quire_v1_ReadRangeResponse__Output } from './quire/v1/ReadRangeResponse.js';
import type { RecoverRequest as _quire_v1_RecoverRequest, RecoverRequest__Output as _quire_v1_RecoverRequest__Output } from './quire/v1/RecoverRequest.js';
import type { SealResult as _quire_v1_SealResult, SealResult__Output as _quire_v1_SealResult__Output } from './quire/v1/SealResult.js';
import type { Segment as _quire_v1_Segment, Segment__Output as _quire_v1_Segment__Output } from './quire/v1/Segment.js';
import type { TailRequest as _quire_v1_TailRequest, TailRequest__Output as _quire_v1_TailRequest__Output } from './quire/v1/TailRequest.js';
import type { TailResponse as _quire_v1_TailResponse, TailResponse__Output as _quire_v1_TailResponse__Output } from './quire/v1/TailResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  quire: {
    v1: {
      AppendBatchRequest: MessageTypeDefinition<_quire_v1_AppendBatchRequest, _quire_v1_AppendBatchRequest__Output>
      AppendBatchResponse: MessageTypeDefinition<_quire_v1_AppendBatchResponse, _quire_v1_AppendBatchResponse__Output>
      AppendRequest: MessageTypeDefinition<_quire_v1_AppendRequest, _quire_v1_AppendRequest__Output>
      AppendStreamRequest: MessageTypeDefinition<_quire_v1_AppendStreamRequest, _quire_v1_AppendStreamRequest__Output>
      AppendStreamResponse: MessageTypeDefinition<_quire_v1_AppendStreamResponse, _quire_v1_AppendStreamResponse__Output>
      CloseRequest: MessageTypeDefinition<_quire_v1_CloseRequest, _quire_v1_CloseRequest__Output>
      CreateLedgerRequest: MessageTypeDefinition<_quire_v1_CreateLedgerRequest, _quire_v1_CreateLedgerRequest__Output>
      DeleteRequest: MessageTypeDefinition<_quire_v1_DeleteRequest, _quire_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_quire_v1_DeleteResponse, _quire_v1_DeleteResponse__Output>
      DigestType: EnumTypeDefinition
      DurabilityReceipt: MessageTypeDefinition<_quire_v1_DurabilityReceipt, _quire_v1_DurabilityReceipt__Output>
      Entry: MessageTypeDefinition<_quire_v1_Entry, _quire_v1_Entry__Output>
      EntryFormat: EnumTypeDefinition
      GetLastAddConfirmedRequest: MessageTypeDefinition<_quire_v1_GetLastAddConfirmedRequest, _quire_v1_GetLastAddConfirmedRequest__Output>
      GetLastAddConfirmedResponse: MessageTypeDefinition<_quire_v1_GetLastAddConfirmedResponse, _quire_v1_GetLastAddConfirmedResponse__Output>
      GetMetadataRequest: MessageTypeDefinition<_quire_v1_GetMetadataRequest, _quire_v1_GetMetadataRequest__Output>
      LedgerInfo: MessageTypeDefinition<_quire_v1_LedgerInfo, _quire_v1_LedgerInfo__Output>
      LedgerService: SubtypeConstructor<typeof grpc.Client, _quire_v1_LedgerServiceClient> & { service: _quire_v1_LedgerServiceDefinition }
      LedgerState: EnumTypeDefinition
      ListRequest: MessageTypeDefinition<_quire_v1_ListRequest, _quire_v1_ListRequest__Output>
      ListResponse: MessageTypeDefinition<_quire_v1_ListResponse, _quire_v1_ListResponse__Output>
      ReadEntryRequest: MessageTypeDefinition<_quire_v1_ReadEntryRequest, _quire_v1_ReadEntryRequest__Output>
      ReadRangeRequest: MessageTypeDefinition<_quire_v1_ReadRangeRequest, _quire_v1_ReadRangeRequest__Output>
      ReadRangeResponse: MessageTypeDefinition<_quire_v1_ReadRangeResponse, _quire_v1_ReadRangeResponse__Output>
      RecoverRequest: MessageTypeDefinition<_quire_v1_RecoverRequest, _quire_v1_RecoverRequest__Output>
      SealResult: MessageTypeDefinition<_quire_v1_SealResult, _quire_v1_SealResult__Output>
      Segment: MessageTypeDefinition<_quire_v1_Segment, _quire_v1_Segment__Output>
      TailRequest: MessageTypeDefinition<_quire_v1_TailRequest, _quire_v1_TailRequest__Output>
      TailResponse: MessageTypeDefinition<_quire_v1_TailResponse, _quire_v1_TailResponse__Output>
    }
  }
}

