// Original file: proto/quire/v1/log.proto


export interface DeleteLogRequest {
  'name'?: (string);
}

export interface DeleteLogRequest__Output {
  'name': (string);
}
