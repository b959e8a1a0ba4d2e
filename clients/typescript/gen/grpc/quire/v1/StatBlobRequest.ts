// Original file: proto/quire/v1/blob.proto


export interface StatBlobRequest {
  'name'?: (string);
}

export interface StatBlobRequest__Output {
  'name': (string);
}
