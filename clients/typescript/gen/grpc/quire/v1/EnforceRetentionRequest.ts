// Original file: proto/quire/v1/log.proto


export interface EnforceRetentionRequest {
  'name'?: (string);
}

export interface EnforceRetentionRequest__Output {
  'name': (string);
}
