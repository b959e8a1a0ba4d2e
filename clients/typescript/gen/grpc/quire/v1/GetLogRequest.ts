// Original file: proto/quire/v1/log.proto


export interface GetLogRequest {
  'name'?: (string);
}

export interface GetLogRequest__Output {
  'name': (string);
}
