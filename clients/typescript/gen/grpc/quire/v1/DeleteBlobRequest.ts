// Original file: proto/quire/v1/blob.proto


export interface DeleteBlobRequest {
  'name'?: (string);
}

export interface DeleteBlobRequest__Output {
  'name': (string);
}
