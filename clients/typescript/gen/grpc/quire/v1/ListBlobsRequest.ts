// Original file: proto/quire/v1/blob.proto


export interface ListBlobsRequest {
  'prefix'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListBlobsRequest__Output {
  'prefix': (string);
  'pageSize': (number);
  'pageToken': (string);
}
