import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BlobInfo as _quire_v1_BlobInfo, BlobInfo__Output as _quire_v1_BlobInfo__Output } from './quire/v1/BlobInfo.js';
import type { BlobServiceClient as _quire_v1_BlobServiceClient, BlobServiceDefinition as _quire_v1_BlobServiceDefinition } from './quire/v1/BlobService.js';
import type { DeleteBlobRequest as _quire_v1_DeleteBlobRequest, DeleteBlobRequest__Output as _quire_v1_DeleteBlobRequest__Output } from './quire/v1/DeleteBlobRequest.js';
import type { DeleteBlobResponse as _quire_v1_DeleteBlobResponse, DeleteBlobResponse__Output as _quire_v1_DeleteBlobResponse__Output } from './quire/v1/DeleteBlobResponse.js';
import type { GetBlobRequest as _quire_v1_GetBlobRequest, GetBlobRequest__Output as _quire_v1_GetBlobRequest__Output } from './quire/v1/GetBlobRequest.js';
import type { GetBlobResponse as _quire_v1_GetBlobResponse, GetBlobResponse__Output as _quire_v1_GetBlobResponse__Output } from './quire/v1/GetBlobResponse.js';
import type { ListBlobsRequest as _quire_v1_ListBlobsRequest, ListBlobsRequest__Output as _quire_v1_ListBlobsRequest__Output } from './quire/v1/ListBlobsRequest.js';
import type { ListBlobsResponse as _quire_v1_ListBlobsResponse, ListBlobsResponse__Output as _quire_v1_ListBlobsResponse__Output } from './quire/v1/ListBlobsResponse.js';
import type { PutBlobHeader as _quire_v1_PutBlobHeader, PutBlobHeader__Output as _quire_v1_PutBlobHeader__Output } from './quire/v1/PutBlobHeader.js';
import type { PutBlobRequest as _quire_v1_PutBlobRequest, PutBlobRequest__Output as _quire_v1_PutBlobRequest__Output } from './quire/v1/PutBlobRequest.js';
import type { PutBlobResponse as _quire_v1_PutBlobResponse, PutBlobResponse__Output as _quire_v1_PutBlobResponse__Output } from './quire/v1/PutBlobResponse.js';
import type { StatBlobRequest as _quire_v1_StatBlobRequest, StatBlobRequest__Output as _quire_v1_StatBlobRequest__Output } from './quire/v1/StatBlobRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  quire: {
    v1: {
      BlobInfo: MessageTypeDefinition<_quire_v1_BlobInfo, _quire_v1_BlobInfo__Output>
      BlobService: SubtypeConstructor<typeof grpc.Client, _quire_v1_BlobServiceClient> & { service: _quire_v1_BlobServiceDefinition }
      DeleteBlobRequest: MessageTypeDefinition<_quire_v1_DeleteBlobRequest, _quire_v1_DeleteBlobRequest__Output>
      DeleteBlobResponse: MessageTypeDefinition<_quire_v1_DeleteBlobResponse, _quire_v1_DeleteBlobResponse__Output>
      GetBlobRequest: MessageTypeDefinition<_quire_v1_GetBlobRequest, _quire_v1_GetBlobRequest__Output>
      GetBlobResponse: MessageTypeDefinition<_quire_v1_GetBlobResponse, _quire_v1_GetBlobResponse__Output>
      ListBlobsRequest: MessageTypeDefinition<_quire_v1_ListBlobsRequest, _quire_v1_ListBlobsRequest__Output>
      ListBlobsResponse: MessageTypeDefinition<_quire_v1_ListBlobsResponse, _quire_v1_ListBlobsResponse__Output>
      PutBlobHeader: MessageTypeDefinition<_quire_v1_PutBlobHeader, _quire_v1_PutBlobHeader__Output>
      PutBlobRequest: MessageTypeDefinition<_quire_v1_PutBlobRequest, _quire_v1_PutBlobRequest__Output>
      PutBlobResponse: MessageTypeDefinition<_quire_v1_PutBlobResponse, _quire_v1_PutBlobResponse__Output>
      StatBlobRequest: MessageTypeDefinition<_quire_v1_StatBlobRequest, _quire_v1_StatBlobRequest__Output>
    }
  }
}

