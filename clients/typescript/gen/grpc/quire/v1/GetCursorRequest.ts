// Original file: proto/quire/v1/log.proto


export interface GetCursorRequest {
  'name'?: (string);
  'cursor'?: (string);
}

export interface GetCursorRequest__Output {
  'name': (string);
  'cursor': (string);
}
